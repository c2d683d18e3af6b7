// LivePlot: the base of every dashboard plot — a QCustomPlot with a title, a theme and one entry
// point, showRuns(), that the dashboard calls at display rate with each run's bounded history and
// newest snapshot. One run is drawn in full detail (showRun: every layer); the runs of a side-by-side
// comparison are overlaid in their colours (showComparison: one headline curve per run). Plots only copy
// prepared numbers into graphs; they never compute an SVD or touch the trainer. Replots are queued
// (rpQueuedReplot), so many updates in one frame cost one paint.
#pragma once

#include "layer_key.h"
#include "run_view.h"
#include "session/run_history.h"
#include "session/snapshot.h"
#include "theme.h"

#include <QHash>
#include <QPointer>
#include <qcustomplot.h>

namespace rankscope {

class LivePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LivePlot(const QString& title, QWidget* parent = nullptr);

    const QString& title() const { return m_title; }
    // A title that fits what the plot shows ("Loss" when a regression has no accuracy; "Change per
    // checkpoint" for checkpoints).
    void setTitle(const QString& title);

    // Shows the runs on screen (at least one); called on the GUI thread at display rate.
    void showRuns(const RunViews& runs);
    // Shows one run in full detail.
    virtual void showRun(const RunHistory& history, const Snapshot& latest) = 0;
    bool isComparing() const { return m_comparing; }
    // Whether the plot now draws each layer as a curve in its colour (Theme::layerColor): then the
    // dashboard's shared layer legend names the layers, not this plot's own legend.
    virtual bool drawsLayers() const { return false; }
    // The layers drawn (the run's LayerKey) while drawsLayers(), else empty: what an exported figure of
    // this plot keys above it.
    LayerKey layerKey() const { return drawsLayers() ? m_layerKey : LayerKey(); }
    // Empties every graph (a new run was loaded).
    virtual void clearRun();

    virtual void applyTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }
    // A graph's pen in the theme: colour, width factor of the theme's line width, optional dash.
    QPen themePen(const QColor& color, double widthFactor = 1.0, Qt::PenStyle style = Qt::SolidLine) const;
    // A filled dot in `color`, sized for the theme's line width: a lone point, or each measurement.
    QCPScatterStyle dotStyle(const QColor& color) const;

    // Lays the plot out for drawing at `size` (a figure's cell, figure_export.h) instead of its
    // widget's size: fitted texts, tick counts and legend columns follow that size. An invalid size
    // returns to the widget's own.
    void layoutFor(const QSize& size);

signals:
    // The texts were fitted to the layout: before each replot, and when laid out for a figure.
    void textsFitted();

protected:
    // Overlays several runs, each in Theme::runColor(index) and named by its label. By default a
    // plot that cannot overlay shows the first run.
    virtual void showComparison(const RunViews& runs);
    // Switches between one run's detail and the comparison's overlay: shows or hides the graphs and
    // legend entries of each mode. Called by showRuns() when the number of runs crosses one.
    virtual void setComparing(bool) {}
    // Shows or hides graphs together with their legend entries.
    void setGraphsShown(const QList<QCPGraph*>& graphs, bool shown);
    // Styles one axis: fonts, colours, grid; used by applyTheme for every axis of the axis rect.
    void styleAxis(QCPAxis* axis) const;
    // Log-scale ticker: 10⁻³-style labels at powers of ten; setPaddedRange() switches narrow ranges
    // to plain numbers at 1-2-5 ticks (0.2, 0.5, 1).
    static void makeLogarithmic(QCPAxis* axis);
    // Moves the legend out of the axis rect into a row under the title, so it never covers data;
    // its items wrap into as many columns as the plot's width allows, in at most two rows (the font
    // shrinks to 70% before a third row is used).
    void placeLegendAbove();
    // Re-wraps the legend row after items were added or removed (placeLegendAbove() plots only).
    void updateLegendLayout();
    // The range of the visible graphs' values within each graph's current key range: finite values,
    // positive ones only on a log value axis. Returns false if there is none.
    static bool visibleValueRange(const QList<QCPGraph*>& graphs, QCPRange& range);
    // Sets a value axis to `data` plus a small margin. Linear: fromZero pins the lower end at 0.
    // Log: the lower end is clamped to at most maxDecades below the upper one.
    static void setPaddedRange(QCPAxis* axis, QCPRange data, bool fromZero = false, double maxDecades = 10);
    // visibleValueRange() of every visible graph drawn against `axis`, then setPaddedRange().
    void fitValueAxis(QCPAxis* axis, bool fromZero = false, double maxDecades = 10);
    // `font`, shrunk (down to minScale of its size) so that the longest line of `text` fits `width`
    // pixels, with a margin for hinting (rendered text runs a few percent wider than measured).
    static QFont fittedFont(QFont font, const QString& text, double width, double minScale = 0.6);
    // Sets an axis label and a compact variant shown instead when the full one would not fit its
    // axis even at 75% of the theme's label font (small dashboard panes, the talk theme).
    void setAxisLabel(QCPAxis* axis, const QString& full, const QString& compact);

    // Called before each replot, with the previous layout's sizes (they change little between
    // frames): shrinks axis labels longer than their axis and a title wider than the plot, down to
    // 60% of the theme's fonts, so nothing is clipped. Subclasses fit their own notes, then call it.
    virtual void fitTexts();
    // Fewer ticks on a horizontal axis when its labels would otherwise run into each other (large
    // step counts, the talk theme's large font).
    void fitTickCount(QCPAxis* axis, int length) const;
    // QCustomPlot leaves out a tick label that would stick out of the plot: a plot whose axis rect
    // reaches its right edge keeps room for half of the horizontal axis's widest tick label, so the
    // time axis's last label (the current step) is drawn.
    void fitRightMargin();

    void resizeEvent(QResizeEvent* event) override;

private:
    struct AxisLabel {
        QString full, compact;
    };

    QString m_title;
    // A subclass may remove the title from the layout (plotLayout()->clear()), which deletes it.
    QPointer<QCPTextElement> m_titleElement;
    Theme m_theme;
    bool m_legendAbove = false;
    bool m_comparing = false;
    QString m_legendKey; // width and entry names the legend row was last laid out for
    LayerKey m_layerKey; // the layers of the run shown alone
    QHash<QCPAxis*, AxisLabel> m_axisLabels;
};

} // namespace rankscope
