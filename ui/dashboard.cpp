#include "dashboard.h"

#include "layer_legend.h"
#include "measures/spectrum.h"
#include "panel_grid.h"
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
#include <algorithm>
#include <cmath>

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
    for (int column = 0; column < kColumns; ++column)
        m_grid->setColumnStretch(column, 1); // equal widths, whatever each plot's size hint
    m_legend = new LayerLegend;
    m_legend->setVisible(false); // until a run's layers are known
    m_stageShown = plots();
    arrange();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_options = makeOptionsBar());
    layout->addWidget(m_legend);
    layout->addLayout(m_grid, 1);
}

QSize Dashboard::panelArea() const {
    const int options = m_options->isHidden() ? 0 : m_options->sizeHint().height();
    const int legend = m_layerKey.isEmpty() ? 0 : m_legend->heightForWidth(width());
    return {width(), height() - options - legend};
}

void Dashboard::updateLayerLegend() {
    const QList<LivePlot*> all = plots();
    const bool drawn = std::any_of(all.begin(), all.end(), [](const LivePlot* plot) {
        return !plot->isHidden() && plot->drawsLayers();
    });
    m_legend->setKey(m_layerKey);
    m_legend->setVisible(drawn && !m_layerKey.isEmpty());
    if (const int room = m_layerKey.isEmpty() ? 0 : m_legend->heightForWidth(width()); room != m_legendRoom) {
        m_legendRoom = room;
        emit panelAreaChanged();
    }
}

void Dashboard::setPlotsShown(const QList<LivePlot*>& shown, bool evenRows) {
    m_stageShown = shown;
    m_evenRows = evenRows;
    arrange();
}

LivePlot* Dashboard::rankPlot() const {
    return m_rank;
}

QList<LivePlot*> Dashboard::plots() const {
    return {m_spectrum, m_heatmap, m_rank, m_noise, m_loss, m_nullSpace};
}

QList<LivePlot*> Dashboard::shownPlots() const {
    QList<LivePlot*> shown;
    for (LivePlot* plot : plots())
        if (m_panels.contains(dashboardPanelNames()[plots().indexOf(plot)]) &&
            !(plot == m_nullSpace && m_noNullSpace))
            shown.append(plot);
    if (shown.isEmpty()) // only the null-space panel was asked for: it says why it is empty
        shown.append(m_nullSpace);
    return shown;
}

void Dashboard::arrange() {
    const QList<LivePlot*> all = plots();
    // The lecture's panels, within the room presentation mode leaves; a zoomed panel alone.
    QList<int> shown;
    for (LivePlot* plot : m_stageShown.size() == 1 ? m_stageShown : shownPlots())
        if (m_stageShown.contains(plot))
            shown.append(static_cast<int>(all.indexOf(plot)));
    const int large = m_evenRows ? -1 : static_cast<int>(dashboardPanelNames().indexOf(m_largePanel));
    arrangePanels(m_grid, {all.begin(), all.end()}, shown, shown.contains(large) ? large : -1, kColumns);
    updateLayerLegend();
}

void Dashboard::applyLecture(const LectureConfig& lecture) {
    setTimeAxis(lecture.time_axis);
    m_logTime->setChecked(lecture.log_time);
    m_panels = lecture.panels;
    m_largePanel = lecture.large_panel;
    m_lectureLayer = lecture.heatmap_layer;
    m_heatmapLayer->clear(); // the next run's layers are chosen again, from m_lectureLayer
    m_noNullSpace = false;
    arrange();
    emit shownPlotsChanged();
}

LectureConfig Dashboard::currentLecture(LectureConfig lecture) const {
    lecture.time_axis = m_timeAxis->currentIndex() == 0 ? TimeAxis::Steps : TimeAxis::Epochs;
    lecture.log_time = m_logTime->isChecked();
    lecture.panels = m_panels;
    lecture.large_panel = m_largePanel;
    // A layer the lecturer chose is kept; the automatic choice stays automatic.
    if (const int chosen = m_heatmapLayer->currentIndex(); chosen >= 0)
        lecture.heatmap_layer = m_lectureLayer == 0 && chosen == automaticLayer() ? 0 : chosen + 1;
    return lecture;
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

    m_logTime = new QCheckBox("log time");
    m_logTime->setToolTip("A logarithmic time axis: the early fall keeps its width after a long run "
                          "(the heat map keeps a linear axis).");
    connect(m_logTime, &QCheckBox::toggled, this, [this](bool on) {
        for (TimePlot* plot : m_timePlots)
            if (plot != m_heatmap)
                plot->setLogTime(on);
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

    m_operatorView = new QCheckBox("as operator");
    m_operatorView->setToolTip(
        "A CNN: the spectrum plot shows the heat map's conv layer as the linear operator it is on its input "
        "grid: the singular values of the 2-D Fourier transform of its kernel, one small SVD per frequency "
        "(Sedghi, Gupta & Long, ICLR 2019; wrap-around borders; \"same\" layers: stride 1, padding "
        "(k − 1)/2). Every other measure uses the kernel reshaped to [out, in·k·k].");
    m_operatorView->setVisible(false);
    connect(m_operatorView, &QCheckBox::toggled, this, [this](bool on) {
        m_spectrum->setOperatorView(on);
        emit viewChanged();
    });

    m_heatmapLayer = new QComboBox;
    m_heatmapLayer->setToolTip("Layer whose spectrum history the heat map shows.");
    // Checkpoints name their layers by tensor only once analysed, after the window was first shown.
    m_heatmapLayer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
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

    m_noiseView = new QComboBox;
    m_noiseView->addItems({"update", "gradient"});
    m_noiseView->setToolTip(
        "What the noise plot shows, each on its own log axis: the update noise of each layer "
        "(‖Wₜ − Wₜ₋₁‖ / ‖Wₜ₋₁‖) or the gradient noise (‖g_B − g‖ / ‖g‖, measured every K "
        "steps). N switches it in presentation mode.");
    connect(m_noiseView, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_noise->setView(index == 0 ? NoiseView::Update : NoiseView::Gradient);
        updateLayerLegend();
        emit viewChanged();
    });

    row->addWidget(new QLabel("Time:"));
    row->addWidget(m_timeAxis);
    row->addWidget(m_logTime);
    row->addSpacing(12);
    row->addWidget(m_normalized);
    row->addWidget(m_operatorView);
    row->addSpacing(12);
    row->addWidget(new QLabel("Heat map:"));
    row->addWidget(m_heatmapLayer);
    row->addWidget(m_heatmapRunLabel);
    row->addWidget(m_heatmapRun);
    row->addSpacing(12);
    row->addWidget(new QLabel("Rank:"));
    row->addWidget(m_rankMeasure);
    row->addWidget(m_bound);
    row->addSpacing(12);
    row->addWidget(new QLabel("Noise:"));
    row->addWidget(m_noiseView);
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
    // The effect lives in the middle layers: start on the second hidden layer when there is one,
    // unless the lecture names a layer (one beyond the last is the last).
    const int initial = m_lectureLayer > 0 ? std::min(m_lectureLayer, layerCount) - 1 : automaticLayer();
    m_heatmapLayer->setCurrentIndex(initial);
    m_heatmap->setLayer(initial);
    m_spectrum->setComparisonLayer(initial);
}

int Dashboard::automaticLayer() const {
    return m_heatmapLayer->count() > 2 ? 1 : 0;
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
    const bool convolutional = runs.size() == 1 && runs.front().latest->isConvolutional();
    m_operatorView->setVisible(convolutional);
    if (!convolutional && m_operatorView->isChecked()) { // redrawn below: no viewChanged()
        const QSignalBlocker blocker(m_operatorView);
        m_operatorView->setChecked(false);
        m_spectrum->setOperatorView(false);
    }
    const bool noNullSpace = std::none_of(runs.begin(), runs.end(), [](const RunView& run) {
        const std::vector<double>& norms = run.history->nullSpaceNorm.values();
        return run.history->isEmpty() ||
               std::any_of(norms.begin(), norms.end(), [](double v) { return std::isfinite(v); });
    });
    if (noNullSpace != m_noNullSpace) {
        m_noNullSpace = noNullSpace;
        arrange();
        emit shownPlotsChanged();
    }
    for (LivePlot* plot : plots())
        if (hiddenToo || !plot->isHidden())
            plot->showRuns(runs);
    m_layerKey = runs.size() == 1 ? layerKeyFor(*runs.front().latest) : LayerKey();
    updateLayerLegend();
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
    m_layerKey.clear();
    updateLayerLegend();
}

void Dashboard::applyTheme(const Theme& theme) {
    for (LivePlot* plot : plots())
        plot->applyTheme(theme);
    m_legend->applyTheme(theme);
    updateLayerLegend();
}

void Dashboard::setRankConvention(double eps, RankNorm norm) {
    m_spectrum->setRankConvention(eps, norm);
    m_heatmap->setRankConvention(eps, norm);
    m_rank->setRankConvention(eps, norm);
}

void Dashboard::setOptionsVisible(bool visible) {
    m_options->setVisible(visible);
}

void Dashboard::setNoiseView(NoiseView view) {
    m_noiseView->setCurrentIndex(view == NoiseView::Update ? 0 : 1);
}

NoiseView Dashboard::noiseView() const {
    return m_noise->view();
}

} // namespace rankscope
