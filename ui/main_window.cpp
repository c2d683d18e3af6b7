#include "main_window.h"

#include "comparison_strip.h"
#include "controls/control_panel.h"
#include "dashboard.h"
#include "divergence_notice.h"
#include "export/run_caption.h"
#include "export_dialog.h"
#include "history_scrubber.h"
#include "io/preset_io.h"
#include "presentation/audience_readout.h"
#include "presentation/prediction_sketch.h"
#include "presentation/stage_actions.h"
#include "presentation/stage_layout.h"
#include "presentation/stage_scale.h"
#include "run_status_bar.h"
#include "video/record_control.h"
#include "window_layout.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCursor>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr int kDisplayIntervalMs = 20; // polls at 50 Hz; a frame is drawn only for a new snapshot

QString fileStem(const RunConfig& config) {
    QString stem = config.name.toLower();
    stem.replace(QRegularExpression("[^a-z0-9]+"), "-");
    return stem.isEmpty() ? QString("rankscope") : "rankscope-" + stem;
}

} // namespace

MainWindow::MainWindow(const RunConfig& initial, QWidget* parent)
    : QMainWindow(parent)
    , m_runs(kDisplayHistoryPoints, kDisplayHistorySpectra)
    , m_controls(new ControlPanel)
    , m_dashboard(new Dashboard)
    , m_strip(new ComparisonStrip)
    , m_noticeColumn(static_cast<QVBoxLayout*>(plotColumn()->layout()))
    , m_readout(new AudienceReadout)
    , m_stageLayout(new StageLayout(m_dashboard))
    , m_sketch(new PredictionSketch(m_dashboard->rankPlot()))
    , m_stage(new StageActions(
          this, [this] { return m_runs.liveTrain(m_controls->editedRun()); },
          [this] { return m_config.train.weight_decay; }))
    , m_status(new RunStatusBar)
    , m_scrubber(new HistoryScrubber)
    , m_theme(Theme::light()) {
    setWindowTitle("RankScope");
    QWidget* plots =
        plotColumn({m_readout, m_noticeColumn->parentWidget(), m_strip, m_dashboard, m_scrubber}, 3);
    setCentralWidget(besideControls(m_controls, plots, 360, 1600));
    setStatusBar(m_status);
    createMenus();
    connectControls();
    connectStage();

    connect(&m_runs, &RunGroup::loadFailed, this, [this](int, const QString& message) {
        m_status->showMessage("Could not start the run: " + message);
        QMessageBox::warning(this, "Could not start the run", message);
    });
    connect(&m_runs, &RunGroup::runningChanged, m_controls, &ControlPanel::setRunning);
    connect(&m_runs, &RunGroup::runningChanged, this, [this](bool running) {
        if (running)
            m_scrubber->returnToPresent(); // live plots resume at the present
    });
    connect(m_scrubber, &HistoryScrubber::scrubStarted, this, [this] { m_runs.setRunning(false); });
    connect(m_scrubber, &HistoryScrubber::stepChosen, this, &MainWindow::showRuns);
    connect(&m_runs, &RunGroup::trainPublished, m_controls, &ControlPanel::showTrain);
    connect(m_dashboard, &Dashboard::viewChanged, this, &MainWindow::showRuns);
    for (LivePlot* plot : m_dashboard->plots().mid(0, 1))
        connect(plot, &QCustomPlot::afterReplot, this, &MainWindow::countFrame);
    connect(&m_displayTimer, &QTimer::timeout, this, &MainWindow::refresh);
    m_displayTimer.start(kDisplayIntervalMs);
    m_fpsClock.start();

    restoreSettings();
    loadConfig(initial);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu("&File");
    file->addAction("&Open preset…", QKeySequence::Open, this, &MainWindow::openPreset);
    file->addAction("&Save configuration as preset…", QKeySequence::Save, this, &MainWindow::savePreset);
    file->addSeparator();
    file->addAction("&Export dashboard figure…", QKeySequence("Ctrl+E"), this, &MainWindow::exportDashboard);
    QMenu* plotMenu = file->addMenu("Export one &plot");
    for (LivePlot* plot : m_dashboard->plots())
        plotMenu->addAction(plot->title() + "…", this, [this, plot] { exportPlot(plot); });
    file->addAction("&Copy dashboard to clipboard", QKeySequence::Copy, this, &MainWindow::copyDashboard);
    file->addAction("Export &history as CSV…", this, &MainWindow::exportHistory);
    auto* record = new RecordControl(m_dashboard, this);
    connect(record, &RecordControl::message, m_status, &QStatusBar::showMessage);
    file->addAction(record->action());
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
    for (QAction* action : file->actions())
        action->setShortcutContext(Qt::WindowShortcut);
    addActions(file->actions()); // Ctrl+E, Ctrl+C, ... also in presentation mode (no menu bar)

    QMenu* run = menuBar()->addMenu("&Run");
    QAction* startPause = run->addAction("Start / Pause", this, &MainWindow::toggleRunning);
    startPause->setShortcut(Qt::Key_Space);
    QAction* step = run->addAction("Step", this, &MainWindow::stepOnce);
    step->setShortcuts({QKeySequence(Qt::Key_S), QKeySequence(Qt::Key_Right)});
    run->addAction("Reset", QKeySequence(Qt::Key_R), this, &MainWindow::resetRun);
    for (QAction* action : run->actions())
        action->setShortcutContext(Qt::WindowShortcut);
    addActions(run->actions()); // keep the shortcuts alive while the menu bar is hidden

    QMenu* view = menuBar()->addMenu("&View");
    auto* themes = new QActionGroup(this);
    for (const Theme& theme : {Theme::light(), Theme::talk()}) {
        QAction* action =
            view->addAction(theme.name == "talk" ? "&Talk theme (large, high contrast)" : "&Light theme");
        action->setCheckable(true);
        action->setData(theme.name);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, theme] {
            setTheme(theme);
            QSettings().setValue("theme", theme.name); // a choice; presentation mode's theme is not
        });
    }
    QAction* presentation = view->addAction("&Presentation mode", QKeySequence(Qt::Key_F11), this,
                                            [this] { setPresentationMode(!m_presentation); });
    QAction* leave = new QAction(this);
    leave->setShortcut(Qt::Key_Escape);
    connect(leave, &QAction::triggered, this, [this] {
        if (LivePlot* zoomed = m_stageLayout->zoomed())
            m_stageLayout->toggleZoom(zoomed); // Esc leaves the zoom first
        else
            setPresentationMode(false);
    });
    addActions({presentation, leave});
    menuBar()->addMenu(m_stage->menu());

    QMenu* help = menuBar()->addMenu("&Help");
    help->addAction("&Conventions", this, [this] {
        QMessageBox::information(
            this, "Conventions",
            "Weight decay is PyTorch's: W ← W − lr (∇L + wd·W), on weights and biases; the paper's λ = "
            "wd/2.\n"
            "Matrices are [out, in]. Losses are nn.CrossEntropyLoss / nn.MSELoss (means).\n"
            "rank_ε = #{i : s_i/s_1 > ε}; effective rank = exp(entropy of s/Σs); stable rank = Σs²/s_1².\n"
            "Means are over hidden layers (the classifier excluded).\n"
            "Update noise = ‖W_t − W_{t−1}‖_F / ‖W_{t−1}‖_F; null-space norm = ‖W_1 P⊥‖_F.");
    });
}

void MainWindow::connectControls() {
    connect(m_controls, &ControlPanel::trainChanged, this,
            [this](const TrainConfig& train) { m_runs.setTrainConfig(m_controls->editedRun(), train); });
    connect(m_controls, &ControlPanel::editedRunChanged, this,
            [this](int run) { m_controls->showTrain(run, m_runs.liveTrain(run)); });
    connect(m_controls, &ControlPanel::runSettingsChanged, this, [this](const RunConfig& config) {
        loadConfig(config);
        m_status->showMessage("Model or data changed: the run restarted from step 0.", 5000);
    });
    connect(m_controls, &ControlPanel::presetChosen, this, &MainWindow::loadConfig);
    connect(m_controls, &ControlPanel::startPauseClicked, this, &MainWindow::toggleRunning);
    connect(m_controls, &ControlPanel::stepClicked, this, &MainWindow::stepOnce);
    connect(m_controls, &ControlPanel::resetClicked, this, &MainWindow::resetRun);
    connect(m_controls, &ControlPanel::speedChanged, &m_runs, &RunGroup::setMaxStepsPerSecond);
}

void MainWindow::connectStage() {
    m_readout->setVisible(false);
    connect(m_stage, &StageActions::trainRequested, this, [this](const TrainConfig& train) {
        m_runs.setTrainConfig(m_controls->editedRun(), train);
        m_controls->showTrain(m_controls->editedRun(), train);
    });
    connect(m_stage, &StageActions::timeAxisToggleRequested, this, [this] {
        m_dashboard->setTimeAxis(m_dashboard->timeAxis() == TimeAxis::Steps ? TimeAxis::Epochs
                                                                            : TimeAxis::Steps);
    });
    connect(m_stage, &StageActions::noiseViewToggleRequested, this, [this] {
        m_dashboard->setNoiseView(m_dashboard->noiseView() == NoiseView::Update ? NoiseView::Gradient
                                                                                : NoiseView::Update);
    });
    connect(m_stage, &StageActions::zoomRequested, this,
            [this] { m_stageLayout->toggleZoomAt(QCursor::pos()); });
    connect(m_stage, &StageActions::readoutToggled, this, [this](bool shown) {
        m_readout->setVisible(shown);
        showRuns();
    });
    connect(m_stageLayout, &StageLayout::shownChanged, this, &MainWindow::showRuns);
    // Predict, then reveal: the rank plot takes a sketch while the runs are paused.
    m_sketch->setEnabled(true);
    connect(&m_runs, &RunGroup::runningChanged, this,
            [this](bool running) { m_sketch->setEnabled(!running); });
}

void MainWindow::loadConfig(const RunConfig& config) {
    if (const Status loaded = m_runs.load(config); !loaded) {
        m_status->showMessage("Could not start the runs: " + loaded.error());
        QMessageBox::warning(this, "Could not start the runs", loaded.error());
        return;
    }
    m_config = config;
    m_dashboard->clearRun();
    m_sketch->clear();
    m_scrubber->clear();
    m_dashboard->setRankConvention(config.metrics.rank_eps, config.metrics.rank_norm);
    m_controls->setConfig(config);
    QStringList labels;
    QList<QColor> colors;
    for (int i = 0; i < m_runs.size(); ++i) {
        labels << m_runs.run(i).label;
        colors << m_theme.runColor(i);
    }
    m_controls->setRuns(labels, colors);
    m_controls->showTrain(m_controls->editedRun(), m_runs.liveTrain(m_controls->editedRun()));
    makeDivergenceNotices();
    m_dashboard->applyLecture(config.lecture);
    m_controls->setSpeed(config.lecture.speed);
    m_runs.setMaxStepsPerSecond(m_controls->speed());
    QSettings().setValue("lastPreset", presetToJson(config));
    setWindowTitle("RankScope — " + config.name);
}

void MainWindow::makeDivergenceNotices() {
    qDeleteAll(m_notices);
    m_notices.clear();
    for (int i = 0; i < m_runs.size(); ++i) {
        auto* notice = new DivergenceNotice;
        notice->setRunLabel(m_runs.size() > 1 ? m_runs.run(i).label : QString());
        notice->applyTheme(m_theme);
        notice->setVisible(false);
        connect(notice, &DivergenceNotice::rollBackRequested, this, [this, i](double lrFactor) {
            m_runs.rollBack(i, lrFactor);
            m_status->showMessage(QString("Rolled back with lr × %1; press Space to go on.").arg(lrFactor),
                                  5000);
        });
        connect(notice, &DivergenceNotice::resetRequested, this, &MainWindow::resetRun);
        m_noticeColumn->addWidget(notice);
        m_notices.append(notice);
    }
}

void MainWindow::toggleRunning() {
    if (!m_runs.toggleRunning())
        m_status->showMessage("The run diverged: roll back with a lower learning rate, or press Reset (R).",
                              5000);
}

void MainWindow::stepOnce() {
    m_scrubber->returnToPresent(); // a step moves the present
    m_runs.step(1);
}

void MainWindow::resetRun() {
    m_dashboard->clearRun();
    m_sketch->clear();
    m_scrubber->clear();
    m_runs.reset();
}

RunConfig MainWindow::config() const {
    RunConfig config = m_runs.config();
    config.lecture = m_dashboard->currentLecture(config.lecture);
    config.lecture.speed = m_controls->speed();
    return config;
}

RunViews MainWindow::runViews() const {
    if (!m_runs.everyRunShown())
        return {};
    RunViews views;
    for (int i = 0; i < m_runs.size(); ++i)
        views.append(RunView{&m_runs.history(i), m_runs.shownSnapshot(i).get(), m_runs.run(i).label, i});
    return views;
}

void MainWindow::refresh() {
    if (m_runs.poll())
        showRuns();
}

void MainWindow::showRuns() {
    const RunViews views = m_scrubber->viewsToShow(runViews());
    if (views.isEmpty())
        return;
    m_dashboard->showRuns(views);
    m_strip->showRuns(views);
    for (int i = 0; i < views.size(); ++i)
        m_notices[i]->showSnapshot(*views[i].latest);
    const RunView& edited = views[std::min<int>(m_controls->editedRun(), views.size() - 1)];
    m_status->showSnapshot(*edited.latest);
    if (m_readout->isVisible())
        m_readout->showRun(edited, m_dashboard->timeAxis(), views.size() > 1);
}

void MainWindow::countFrame() {
    ++m_frames;
    const double seconds = m_fpsClock.nsecsElapsed() * 1e-9;
    if (seconds >= 1.0) {
        m_status->setDisplayFps(m_frames / seconds);
        m_frames = 0;
        m_fpsClock.restart();
    }
}

void MainWindow::setTheme(const Theme& theme) {
    m_theme = theme;
    m_readout->applyTheme(theme);
    for (DivergenceNotice* notice : m_notices)
        notice->applyTheme(theme);
    m_dashboard->applyTheme(theme);
    m_strip->applyTheme(theme);
    for (QAction* action : menuBar()->findChildren<QAction*>())
        if (action->isCheckable() && action->data().isValid())
            action->setChecked(action->data().toString() == theme.name);
}

void MainWindow::setPresentationMode(bool on) {
    if (on == m_presentation)
        return;
    m_presentation = on;
    if (on) {
        m_themeBeforePresentation = m_theme;
        m_readoutBeforePresentation = m_stage->readoutAction()->isChecked();
        showFullScreen();
        // Without a window manager nothing resizes a full-screen window: take the screen ourselves.
        setGeometry(screen()->geometry());
        m_dashboard->setFocus(); // W, B, Ctrl+C, ... go to the stage, not to a knob's text field
    } else {
        m_stageScale = 0;
        setTheme(m_themeBeforePresentation);
        showNormal();
    }
    m_stage->readoutAction()->setChecked(on || m_readoutBeforePresentation);
    menuBar()->setVisible(!on);
    m_dashboard->setOptionsVisible(!on);
    m_controls->setPresentationMode(on);
    fitStage();
}

void MainWindow::fitStage() {
    if (!m_presentation) {
        m_stageLayout->setFitting(false, 1);
        return;
    }
    const double scale = stageScale(height());
    if (scale != m_stageScale) {
        m_stageScale = scale;
        setTheme(scaledTalkTheme(scale));
    }
    m_readout->setWindowHeight(height());
    m_stageLayout->setFitting(true, scale);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (m_presentation)
        fitStage();
}

void MainWindow::openPreset() {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open preset", QString(), "RankScope preset (*.json)");
    if (path.isEmpty())
        return;
    QStringList warnings;
    const Result<RunConfig> preset = loadPresetFile(path, &warnings);
    if (!preset) {
        QMessageBox::warning(this, "Could not open the preset", preset.error());
        return;
    }
    if (!warnings.isEmpty())
        QMessageBox::information(this, "Preset loaded with warnings", warnings.join('\n'));
    loadConfig(preset.value());
}

void MainWindow::savePreset() {
    const QString path = QFileDialog::getSaveFileName(
        this, "Save configuration as preset", fileStem(m_config) + ".json", "RankScope preset (*.json)");
    if (path.isEmpty())
        return;
    if (const Status saved = savePresetFile(config(), path); !saved)
        QMessageBox::warning(this, "Could not save the preset", saved.error());
    else
        m_status->showMessage("Saved " + path, 5000);
}

void MainWindow::showEveryPlot() {
    if (const RunViews views = m_scrubber->viewsToShow(runViews()); !views.isEmpty())
        m_dashboard->showRuns(views, true);
}

void MainWindow::exportDashboard() {
    showEveryPlot();
    const QString message =
        ExportDialog::exportInteractively(m_dashboard->shownPlots(), Dashboard::kColumns, fileStem(m_config),
                                          runCaption(config(), runViews()), this);
    if (!message.isEmpty())
        m_status->showMessage(message, 8000);
}

void MainWindow::exportPlot(LivePlot* plot) {
    showEveryPlot();
    QString stem = plot->title().toLower();
    stem.replace(QRegularExpression("[^a-z0-9]+"), "-");
    const QString message = ExportDialog::exportInteractively({plot}, 1, fileStem(m_config) + "-" + stem,
                                                              runCaption(config(), runViews()), this);
    if (!message.isEmpty())
        m_status->showMessage(message, 8000);
}

void MainWindow::copyDashboard() {
    showEveryPlot();
    const FigureLayout layout{m_dashboard->size(), devicePixelRatioF(), Dashboard::kColumns};
    QApplication::clipboard()->setImage(renderFigure(m_dashboard->shownPlots(), layout));
    m_status->showMessage("Dashboard copied to the clipboard.", 4000);
}

void MainWindow::exportHistory() {
    const QString path = QFileDialog::getSaveFileName(this, "Export history as CSV",
                                                      fileStem(m_config) + "-history.csv", "CSV (*.csv)");
    if (path.isEmpty())
        return;
    if (const Status written = m_runs.history(m_controls->editedRun()).writeCsv(path); !written)
        QMessageBox::warning(this, "Could not export the history", written.error());
    else
        m_status->showMessage("Saved " + path, 5000);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value("geometry").toByteArray());
    setTheme(Theme::byName(settings.value("theme", "light").toString()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    if (!m_presentation)
        settings.setValue("geometry", saveGeometry());
    m_displayTimer.stop();
    m_runs.setRunning(false);
    event->accept();
}

} // namespace rankscope
