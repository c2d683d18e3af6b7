#include "checkpoints/checkpoint_window.h"

#include "checkpoints/analysis_progress.h"
#include "checkpoints/probe_knobs.h"
#include "dashboard.h"
#include "export_dialog.h"
#include "history_scrubber.h"
#include "io/checkpoint_list.h"
#include "session/checkpoint_analyzer.h"
#include "session/checkpoint_watcher.h"
#include "session/probe_control.h"
#include "window_layout.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace rankscope {
namespace {

constexpr int kDisplayIntervalMs = 40;
// Every checkpoint is a stop of the scrubber up to these many; beyond, the history thins out evenly.
constexpr int kHistoryPoints = 4096;
constexpr int kHistorySpectra = 1024;

} // namespace

CheckpointWindow::CheckpointWindow(const CheckpointSource& source, QWidget* parent)
    : QMainWindow(parent)
    , m_source(source)
    , m_history(kHistoryPoints, kHistorySpectra)
    , m_dashboard(new Dashboard)
    , m_scrubber(new HistoryScrubber)
    , m_progress(new AnalysisProgress)
    , m_message(new QLabel) {
    setWindowTitle(
        QString("RankScope — %1 %2")
            .arg(source.watch ? "watching" : "checkpoints", QDir::toNativeSeparators(source.path)));
    m_message->setObjectName("checkpointMessage");
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse); // the conversion is meant to be copied
    m_message->setStyleSheet("color: #c0392b; padding: 4px;");
    m_message->setVisible(false);
    QWidget* plots = plotColumn({m_message, m_progress, m_dashboard, m_scrubber}, 2);
    if (source.watch) {
        m_knobs = new ProbeKnobs;
        setCentralWidget(besideControls(m_knobs, plots, 300, 1600));
    } else {
        setCentralWidget(plots);
    }
    setStatusBar(new QStatusBar);
    createMenus();

    connect(m_scrubber, &HistoryScrubber::stepChosen, this, &CheckpointWindow::showRuns);
    connect(m_dashboard, &Dashboard::viewChanged, this, &CheckpointWindow::showRuns);
    m_display.setSingleShot(true);
    m_display.setInterval(kDisplayIntervalMs);
    connect(&m_display, &QTimer::timeout, this, &CheckpointWindow::showRuns);
    start();
}

CheckpointWindow::~CheckpointWindow() = default;

void CheckpointWindow::createMenus() {
    QMenu* file = menuBar()->addMenu("&File");
    file->addAction("&Export dashboard figure…", QKeySequence("Ctrl+E"), this, [this] {
        const QString stem = "rankscope-" + QFileInfo(m_source.path).completeBaseName();
        const QString message = ExportDialog::exportInteractively(
            m_dashboard->shownPlots(), Dashboard::kColumns, stem, "checkpoints: " + m_source.path, this);
        if (!message.isEmpty())
            statusBar()->showMessage(message, 8000);
    });
    file->addAction("Export &history as CSV…", this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export history as CSV",
                                                          "rankscope-history.csv", "CSV (*.csv)");
        if (path.isEmpty())
            return;
        if (const Status written = m_history.writeCsv(path); !written)
            showMessage(written.error());
        else
            statusBar()->showMessage("Saved " + path, 5000);
    });
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
}

void CheckpointWindow::start() {
    if (!m_source.watch) {
        const Result<CheckpointList> list = listCheckpoints(m_source.path);
        if (!list) {
            showMessage(list.error());
            return;
        }
        if (list->files.isEmpty()) {
            showMessage(QString("%1: no checkpoints yet (weights/step_*.npz); use --watch to follow a "
                                "training that is still running")
                            .arg(m_source.path));
            return;
        }
        startAnalyzer(list->runFolder);
        m_analyzer->enqueue(list->files);
        return;
    }
    startAnalyzer(m_source.path);
    m_watcher = new CheckpointWatcher(m_source.path, 500, this);
    connect(m_watcher, &CheckpointWatcher::checkpointArrived, this,
            [this](const CheckpointFile& file) { m_analyzer->enqueue({file}); });
    connect(m_watcher, &CheckpointWatcher::listingFailed, this, &CheckpointWindow::showMessage);
    m_watcher->start();
    connect(m_knobs, &ProbeKnobs::requested, this, [this](const ControlRequest& request) {
        if (const Status written = m_control->request(request); !written)
            m_knobs->showAnswer(written.error(), true);
        else
            m_knobs->showAnswer("Sent to the training; waiting for it to apply the change…", false);
    });
    connect(m_control, &ProbeControl::applied, this, [this](qint64, qint64 step) {
        m_knobs->showAnswer(QString("Applied by the training at step %1.").arg(step), false);
    });
    connect(m_control, &ProbeControl::rejected, this, [this](qint64, const QString& reasons) {
        m_knobs->showAnswer("The training could not apply it: " + reasons, true);
    });
}

void CheckpointWindow::startAnalyzer(const QString& runFolder) {
    m_analyzer = std::make_unique<CheckpointAnalyzer>(TensorExclusion(m_source.excludes), runFolder);
    connect(m_analyzer.get(), &CheckpointAnalyzer::resultsReady, this, [this] {
        for (const CheckpointResult& result : m_analyzer->takeResults())
            if (result.snapshot)
                showAnalysed(result.snapshot);
            else
                showFailure(result.file, result.error);
    });
    connect(m_analyzer.get(), &CheckpointAnalyzer::progress, m_progress, &AnalysisProgress::showProgress);
    connect(m_analyzer.get(), &CheckpointAnalyzer::idle, m_progress, &AnalysisProgress::finish);
    connect(m_analyzer.get(), &CheckpointAnalyzer::cancelled, this, [this] {
        statusBar()->showMessage(QString("Analysis cancelled: the plots show the %1 checkpoints analysed.")
                                     .arg(checkpointsShown()));
    });
    connect(m_progress, &AnalysisProgress::cancelRequested, this, [this] {
        m_analyzer->cancel();
        m_progress->finish();
    });
    // The run's events.csv becomes change markers, polled: a training may still be writing the folder.
    m_control = new ProbeControl(runFolder, 500, this);
    connect(m_control, &ProbeControl::eventsChanged, this, [this] {
        m_history.events = m_control->events();
        m_display.start();
    });
    connect(m_control, &ProbeControl::readFailed, this, &CheckpointWindow::showMessage);
    if (!runFolder.isEmpty())
        m_control->start();
}

void CheckpointWindow::showAnalysed(const SnapshotPtr& snapshot) {
    if (m_history.isEmpty())
        statusBar()->showMessage("Weight matrices: " + snapshot->layerNames.join(", "));
    if (m_watcher)
        m_message->setVisible(false); // what went wrong before (no folder yet, a half-written file) is over
    if (!m_history.isEmpty() && snapshot->step <= m_history.lastStep()) {
        // A checkpoint retried after it was half-written, now older than the history's newest: the
        // history only grows (an older step would read as a rollback and drop the newer ones).
        statusBar()->showMessage(
            QString("Step %1 arrived after later checkpoints and is left out of the plots")
                .arg(snapshot->step));
        return;
    }
    m_latest = snapshot;
    m_history.append(*snapshot);
    m_history.events = m_control->events(); // append() takes the snapshot's, which has none
    if (m_knobs && snapshot->step == m_history.lastStep())
        m_knobs->showSettings(snapshot->train.lr, snapshot->train.weight_decay);
    if (!m_display.isActive())
        m_display.start();
}

void CheckpointWindow::showFailure(const CheckpointFile& file, const QString& message) {
    showMessage(message);
    if (m_watcher)
        m_watcher->retryWhenChanged(file); // a writer may still complete it
}

void CheckpointWindow::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(true);
}

QString CheckpointWindow::message() const {
    return m_message->isVisible() ? m_message->text() : QString();
}

void CheckpointWindow::showRuns() {
    if (!m_latest)
        return;
    m_dashboard->showRuns(m_scrubber->viewsToShow(singleRunView(m_history, *m_latest)));
}

} // namespace rankscope
