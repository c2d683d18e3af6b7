#include "dashboard.h"

#include "measures/spectrum.h"
#include "plots/loss_accuracy_plot.h"
#include "plots/noise_plot.h"
#include "plots/null_space_plot.h"
#include "plots/rank_plot.h"
#include "plots/spectrum_heatmap_plot.h"
#include "plots/spectrum_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>

namespace rankscope {

Dashboard::Dashboard(QWidget* parent)
    : QWidget(parent)
    , m_spectrum(new SpectrumPlot)
    , m_heatmap(new SpectrumHeatmapPlot)
    , m_rank(new RankPlot)
    , m_noise(new NoisePlot)
    , m_loss(new LossAccuracyPlot)
    , m_nullSpace(new NullSpacePlot) {
    m_timePlots = {m_heatmap, m_rank, m_noise, m_loss, m_nullSpace};
    m_grid = new QGridLayout;
    m_grid->setSpacing(4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_options = makeOptionsBar());
    layout->addLayout(m_grid, 1);
    setPlotsShown(plots());
}

void Dashboard::setPlotsShown(const QList<LivePlot*>& shown) {
    for (LivePlot* plot : plots())
        m_grid->removeWidget(plot);
    for (int i = 0; i < m_grid->rowCount(); ++i)
        m_grid->setRowStretch(i, 0);
    for (int i = 0; i < m_grid->columnCount(); ++i)
        m_grid->setColumnStretch(i, 0);
    const int columns = shown.size() == 1 ? 1 : kColumns;
    int cell = 0;
    for (LivePlot* plot : plots()) {
        if (!shown.contains(plot)) {
            plot->setVisible(false);
            continue;
        }
        m_grid->addWidget(plot, cell / columns, cell % columns);
        plot->setVisible(true);
        m_grid->setRowStretch(cell / columns, 1);
        m_grid->setColumnStretch(cell % columns, 1); // equal widths, whatever each plot's size hint
        ++cell;
    }
}

LivePlot* Dashboard::rankPlot() const {
    return m_rank;
}

QList<LivePlot*> Dashboard::plots() const {
    return {m_spectrum, m_heatmap, m_rank, m_noise, m_loss, m_nullSpace};
}

QWidget* Dashboard::makeOptionsBar() {
    auto* bar = new QWidget;
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(4, 2, 4, 2);

    m_timeAxis = new QComboBox;
    m_timeAxis->addItems({"steps", "epochs"});
    m_timeAxis->setToolTip("Time axis of every time plot. Compare batch sizes at equal epochs (or equal wall "
                           "time): a batch of 8 takes 64x more steps per epoch than a batch of 512.");
    connect(m_timeAxis, &QComboBox::currentIndexChanged, this, [this](int index) {
        for (TimePlot* plot : m_timePlots)
            plot->setTimeAxis(index == 0 ? TimeAxis::Steps : TimeAxis::Epochs);
        emit viewChanged();
    });

    m_normalized = new QCheckBox("spectrum ÷ s₁");
    m_normalized->setChecked(true);
    m_normalized->setToolTip("Show s_i / s_1 (the quantity rank_ε thresholds) instead of s_i.");
    m_spectrum->setNormalized(true);
    connect(m_normalized, &QCheckBox::toggled, this, [this](bool on) {
        m_spectrum->setNormalized(on);
        emit viewChanged();
    });

    m_heatmapLayer = new QComboBox;
    m_heatmapLayer->setToolTip("Layer whose spectrum history the heat map shows.");
    connect(m_heatmapLayer, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0) {
            m_heatmap->setLayer(index);
            m_spectrum->setComparisonLayer(index);
            emit viewChanged();
        }
    });

    m_heatmapRun = new QComboBox;
    m_heatmapRun->setToolTip("Comparing runs: the run whose spectrum history the heat map shows.");
    connect(m_heatmapRun, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0) {
            m_heatmap->setRun(index);
            emit viewChanged();
        }
    });
    m_heatmapRunLabel = new QLabel("of");
    for (QWidget* widget : {m_heatmapRunLabel, static_cast<QWidget*>(m_heatmapRun)})
        widget->setVisible(false);

    m_rankMeasure = new QComboBox;
    m_rankMeasure->addItems({"rank_ε", "effective rank", "stable rank"});
    m_rankMeasure->setToolTip("rank_ε is the headline measure: the only one that stays at full rank without "
                              "weight decay. Stable and effective rank fall even with wd = 0.");
    connect(m_rankMeasure, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_rank->setMeasure(static_cast<RankMeasure>(index));
        emit viewChanged();
    });

    m_bound = new QCheckBox("Theorem 3.3 bound");
    m_bound->setToolTip(
        "B log(2/ε) / (lr·wd): Galanti et al.'s upper bound on rank_ε (loose; a sanity line).");
    connect(m_bound, &QCheckBox::toggled, this, [this](bool on) {
        m_rank->setShowBound(on);
        emit viewChanged();
    });

    row->addWidget(new QLabel("Time:"));
    row->addWidget(m_timeAxis);
    row->addSpacing(12);
    row->addWidget(m_normalized);
    row->addSpacing(12);
    row->addWidget(new QLabel("Heat map:"));
    row->addWidget(m_heatmapLayer);
    row->addWidget(m_heatmapRunLabel);
    row->addWidget(m_heatmapRun);
    row->addSpacing(12);
    row->addWidget(new QLabel("Rank:"));
    row->addWidget(m_rankMeasure);
    row->addWidget(m_bound);
    row->addStretch(1);
    return bar;
}

void Dashboard::setLayerChoices(int layerCount, const QStringList& names) {
    if (m_heatmapLayer->count() == layerCount)
        return;
    const QSignalBlocker blocker(m_heatmapLayer);
    m_heatmapLayer->clear();
    for (int l = 1; l <= layerCount; ++l)
        if (l <= names.size()) // checkpoints: their tensors' names
            m_heatmapLayer->addItem(names[l - 1]);
        else
            m_heatmapLayer->addItem(l == layerCount && layerCount > 1 ? QString("L%1 (classifier)").arg(l)
                                                                      : QString("L%1").arg(l));
    // The effect lives in the middle layers: start on the second hidden layer when there is one.
    const int initial = layerCount > 2 ? 1 : 0;
    m_heatmapLayer->setCurrentIndex(initial);
    m_heatmap->setLayer(initial);
    m_spectrum->setComparisonLayer(initial);
}

void Dashboard::setRunChoices(const RunViews& runs) {
    const bool comparing = runs.size() > 1;
    m_heatmapRunLabel->setVisible(comparing);
    m_heatmapRun->setVisible(comparing);
    QStringList labels;
    for (const RunView& run : runs)
        labels << run.label;
    QStringList shown;
    for (int i = 0; i < m_heatmapRun->count(); ++i)
        shown << m_heatmapRun->itemText(i);
    if (!comparing || labels == shown)
        return;
    const QSignalBlocker blocker(m_heatmapRun);
    m_heatmapRun->clear();
    m_heatmapRun->addItems(labels);
    m_heatmapRun->setCurrentIndex(0);
    m_heatmap->setRun(0);
}

void Dashboard::showRuns(const RunViews& runs, bool hiddenToo) {
    if (runs.isEmpty())
        return;
    setLayerChoices(runs.front().history->layerCount(), runs.front().latest->layerNames);
    setRunChoices(runs);
    for (LivePlot* plot : plots())
        if (hiddenToo || !plot->isHidden())
            plot->showRuns(runs);
}

void Dashboard::showRun(const RunHistory& history, const Snapshot& latest) {
    showRuns(singleRunView(history, latest));
}

void Dashboard::setTimeAxis(TimeAxis axis) {
    m_timeAxis->setCurrentIndex(axis == TimeAxis::Steps ? 0 : 1);
}

TimeAxis Dashboard::timeAxis() const {
    return m_timeAxis->currentIndex() == 0 ? TimeAxis::Steps : TimeAxis::Epochs;
}

void Dashboard::clearRun() {
    for (LivePlot* plot : plots())
        plot->clearRun();
}

void Dashboard::applyTheme(const Theme& theme) {
    for (LivePlot* plot : plots())
        plot->applyTheme(theme);
}

void Dashboard::setRankConvention(double eps, RankNorm norm) {
    m_spectrum->setRankConvention(eps, norm);
    m_heatmap->setRankConvention(eps, norm);
    m_rank->setRankConvention(eps, norm);
}

void Dashboard::setOptionsVisible(bool visible) {
    m_options->setVisible(visible);
}

} // namespace rankscope
