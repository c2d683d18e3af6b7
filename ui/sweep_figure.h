// SweepFigure: the figure of a headless sweep (`rankscope --sweep`, DIR/sweep.png and .pdf), in the
// style of Figure 9 of Galanti, Siegel, Gupte, Poggio (arXiv 2206.05794): the final rank_eps of every
// hidden layer and their mean against the swept value, next to train and test accuracy against the
// swept value. Points are means over the repeats (seeds), error bars ± one standard deviation.
// With one swept key the rank panel draws one line per hidden layer and the mean; with more keys the
// first key is the x axis and every combination of the others is a line series (mean rank, accuracy).
// A numeric x spanning more than a decade (batch size, lr, weight decay) gets a log axis; other
// values (model.hidden, data.kind) are categories in grid order. Diverged runs are left out of the
// means; an x where every run diverged is labelled "diverged" instead of a point.
// Leaves out: reading sweep.csv (app/sweep_table.h) and running the sweep (app/sweep_runner.h).
#pragma once

#include "common/result.h"
#include "live_plot.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace rankscope {

// One run of the sweep (one row of sweep.csv), as the figure needs it.
struct SweepFigureRun {
    QString x;                       // the first swept key's value, as written on the command line
    QString series;                  // the other swept keys as "key=value, ..." (empty for one key)
    std::vector<double> hiddenRanks; // final rank_eps of the hidden layers L1, L2, ... (classifier excluded)
    double meanRank = 0;
    double trainAcc = 0; // fractions in [0, 1]; NaN when not measured (regression)
    double testAcc = 0;
    bool diverged = false;
};

struct SweepFigureData {
    QString xKey;               // dotted key of the x axis, e.g. "train.batch_size"
    QString note;               // what every point is, e.g. "20000 steps, mean ± s.d. over 3 seeds"
    QList<SweepFigureRun> runs; // in grid order: x categories keep the command line's order
};

// One panel of the sweep figure. A sweep has no live run, so showRun() has nothing to show: the data
// come once, through the constructor.
class SweepPlot : public LivePlot {
    Q_OBJECT
public:
    enum class Panel { Rank, Accuracy };
    SweepPlot(Panel panel, const SweepFigureData& data, QWidget* parent = nullptr);

    void showRun(const RunHistory&, const Snapshot&) override {}

private:
    struct Point {
        double x, mean, spread;
    };
    struct Series {
        QString name;
        QColor color;
        double widthFactor;
        Qt::PenStyle style;
        QList<Point> points;
        bool inLegend = true;
    };
    using Measure = std::function<double(const SweepFigureRun&)>;

    void setUpXAxis();
    // Means and standard deviations of `measure` over the non-diverged runs of `series`, per x.
    QList<Point> aggregate(const QString& series, Measure measure) const;
    void addSeries(const Series& series);
    void markDivergedValues();
    double xPosition(const QString& value) const;

    SweepFigureData m_data;
    QStringList m_xValues;     // distinct x values in grid order
    QStringList m_seriesNames; // distinct series in grid order
    bool m_numeric = false;
};

// Draws both panels side by side to every path (.png, .pdf or .svg, by suffix).
Status exportSweepFigure(const SweepFigureData& data, const QStringList& paths);

} // namespace rankscope
