// CheckpointWindow end to end, offscreen: a run folder opens on the dashboard (one point per
// checkpoint, layers named by tensor, "change per checkpoint", the probe's loss); the scrubber steps
// through the checkpoints; Cancel stops a long analysis and keeps what was analysed; a pickle and a
// malformed file are one message in a window that stays usable. Watching: checkpoints appear as
// they arrive, a knob writes control.json, a row of events.csv becomes a change marker and a change
// the training rejected is shown; with a real PyTorch training and the probe (/usr/bin/python3), a
// knob change reaches the optimizer and comes back as a marker.
#include "checkpoint_fixtures.h"
#include "checkpoints/analysis_progress.h"
#include "checkpoints/checkpoint_window.h"
#include "checkpoints/probe_knobs.h"
#include "controls/log_slider.h"
#include "dashboard.h"
#include "history_scrubber.h"
#include "plots/loss_accuracy_plot.h"
#include "plots/noise_plot.h"
#include "plots/null_space_plot.h"
#include "plots/rank_plot.h"
#include "probe_control_loop.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

template <typename Plot> Plot* plotOf(Dashboard* dashboard) {
    for (LivePlot* plot : dashboard->plots())
        if (auto* wanted = qobject_cast<Plot*>(plot))
            return wanted;
    return nullptr;
}

QCPGraph* graphNamed(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return plot->graph(i);
    return nullptr;
}

QStringList markerTexts(QCustomPlot* plot) {
    QStringList texts;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            texts << text->text();
    return texts;
}

QList<qint64> stepsUpTo(qint64 last, qint64 every) {
    QList<qint64> steps;
    for (qint64 step = 0; step <= last; step += every)
        steps << step;
    return steps;
}

} // namespace

class TestCheckpointWindow : public QObject {
    Q_OBJECT

private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void opensARunFolderOnTheDashboard() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), stepsUpTo(400, 100));
        CheckpointWindow window({dir.path(), false, {}});
        window.resize(1400, 900);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 5, 30000);
        QVERIFY(window.message().isEmpty());
        RankPlot* rank = plotOf<RankPlot>(window.dashboard());
        QTRY_COMPARE(graphNamed(rank, "hidden-layer mean")->dataCount(), 5);
        QVERIFY(graphNamed(rank, "features.weight"));
        QVERIFY(graphNamed(rank, "classifier.weight"));
        NoisePlot* noise = plotOf<NoisePlot>(window.dashboard());
        QCOMPARE(noise->title(), QString("Change per checkpoint"));
        QCOMPARE(graphNamed(noise, "features.weight")->dataCount(), 4); // none before the first
        QCOMPARE(graphNamed(plotOf<LossAccuracyPlot>(window.dashboard()), "train loss")->dataCount(), 5);
        // Checkpoints carry no training inputs: no null space to measure, so the panel stays out.
        QVERIFY(plotOf<NullSpacePlot>(window.dashboard())->isHidden());
    }

    void theHeatMapChoiceShowsWholeTensorNames() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), {0, 100});
        CheckpointWindow window({dir.path(), false, {}});
        window.resize(1400, 900);
        window.show(); // before the names arrive, as when the analysis takes a while
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 2, 30000);
        QComboBox* layer = nullptr;
        for (QComboBox* combo : window.dashboard()->findChildren<QComboBox*>())
            if (combo->toolTip().startsWith("Layer whose spectrum history"))
                layer = combo;
        QVERIFY(layer);
        QTRY_COMPARE(layer->count(), 2);
        QComboBox fitting; // the width the longest name needs in this style and font
        fitting.setFont(layer->font());
        fitting.addItems({layer->itemText(0), layer->itemText(1)});
        fitting.setSizeAdjustPolicy(QComboBox::AdjustToContents);
        QTRY_VERIFY2(layer->width() >= fitting.sizeHint().width(),
                     qPrintable(QString("%1 < %2").arg(layer->width()).arg(fitting.sizeHint().width())));
    }

    void scrubsThroughTheCheckpoints() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), stepsUpTo(400, 100));
        CheckpointWindow window({dir.path(), false, {}});
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 5, 30000);
        RankPlot* rank = plotOf<RankPlot>(window.dashboard());
        // The display timer draws the checkpoints (and gives the scrubber its stops) after they arrive.
        QTRY_COMPARE(graphNamed(rank, "hidden-layer mean")->dataCount(), 5);
        window.scrubber()->choose(100);
        QCOMPARE(graphNamed(rank, "hidden-layer mean")->dataCount(), 2);
        QCOMPARE(rank->xAxis->range().upper, 100.0);
        window.scrubber()->choose(400);
        QCOMPARE(graphNamed(rank, "hidden-layer mean")->dataCount(), 5);
    }

    void cancelKeepsWhatWasAnalysed() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), stepsUpTo(59, 1), 300, 300);
        CheckpointWindow window({dir.path(), false, {}});
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.checkpointsShown() >= 1, 30000);
        QVERIFY(window.progress()->isVisible());
        window.progress()->cancelButton()->click();
        QVERIFY(!window.progress()->isVisible());
        QTest::qWait(300); // what was in progress may still arrive, nothing after it
        const int shown = window.checkpointsShown();
        QVERIFY2(shown < 60, qPrintable(QString::number(shown)));
        QTest::qWait(300);
        QCOMPARE(window.checkpointsShown(), shown);
        QVERIFY(graphNamed(plotOf<RankPlot>(window.dashboard()), "hidden-layer mean")->dataCount() > 0);
    }

    void aPickleIsOneMessage() {
        QTemporaryDir dir;
        const QString pickle = dir.filePath("model.pt");
        writeFile(pickle, "\x80\x02}q\x00.");
        CheckpointWindow window({pickle, false, {}});
        window.show();
        QVERIFY2(window.message().contains("pickle"), qPrintable(window.message()));
        QVERIFY(window.message().contains("safetensors")); // the conversion
        QCOMPARE(window.checkpointsShown(), 0);
        window.scrubber()->choose(0); // nothing to show, nothing breaks
    }

    void aMalformedFileNamesItself() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), {0, 200});
        const QString broken = dir.filePath("weights/step_00000100.npz");
        writeFile(broken, "PK\x03\x04 truncated");
        CheckpointWindow window({dir.path(), false, {}});
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 2, 30000);
        QVERIFY2(window.message().contains(broken), qPrintable(window.message()));
    }

    void watchingFollowsTheFolderAndTalksToTheTraining() {
        QTemporaryDir root;
        const QDir dir(root.filePath("run")); // created once the window watches it
        CheckpointWindow window({root.filePath("run"), true, {}});
        window.resize(1400, 900);
        window.show();
        QTRY_VERIFY(window.message().contains("no such file or folder"));
        QVERIFY(QDir().mkpath(dir.path()));
        writeFile(dir.filePath("config.json"), "{}");
        writeFile(dir.filePath("events.csv"), "step,key,old,new\n");
        fixtures::writeRunFolder(dir.path(), {0, 50});
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 2, 30000);
        QVERIFY(window.message().isEmpty()); // the folder is there now

        window.knobs()->weightDecay()->findChild<QDoubleSpinBox*>()->setValue(0);
        QFile control(dir.filePath("control.json"));
        QVERIFY(control.open(QIODevice::ReadOnly));
        const QJsonObject request = QJsonDocument::fromJson(control.readAll()).object();
        QCOMPARE(request.value("weight_decay").toDouble(-1), 0.0);
        QVERIFY(request.value("sequence").toInteger() >= 1);

        writeFile(dir.filePath("events.csv"), "step,key,old,new\n60,weight_decay,0.0005,0.0\n");
        fixtures::writeRunFolder(dir.path(), {0, 50, 100});
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 3, 30000);
        RankPlot* rank = plotOf<RankPlot>(window.dashboard());
        QTRY_VERIFY(markerTexts(rank).join('|').contains("wd"));

        writeFile(
            dir.filePath("control_ack.json"),
            R"({"sequence": 1, "step": 61, "applied": {}, "rejected": {"weight_decay": "the optimizer has no weight_decay"}})");
        QTRY_VERIFY_WITH_TIMEOUT(window.knobs()->answer().contains("the optimizer has no weight_decay"),
                                 5000);
    }

    void aCheckpointCompletedLateKeepsTheNewerOnes() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), {0, 100});
        const QString late = QDir(dir.filePath("weights")).filePath("step_00000050.npz");
        writeFile(late, "PK\x03\x04 still being written");
        CheckpointWindow window({dir.path(), true, {}});
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 2, 30000);
        fixtures::writeCheckpoint(dir.filePath("weights"), 50); // the writer finishes it: analysed again
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains("Step 50 arrived after"),
                                 30000);
        QCOMPARE(window.checkpointsShown(), 2); // steps 0 and 100, not cut back to 0 and 50
    }

    void roundTripWithThePythonProbe() {
        QTemporaryDir dir;
        QProcess training;
        if (!startProbeControlLoop(training, dir.path()))
            QSKIP("torch is not installed (Debian: python3-torch)");
        CheckpointWindow window({dir.path(), true, {}});
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.checkpointsShown(), 1, 30000);
        QCOMPARE(window.knobs()->learningRate()->value(), 0.05); // from the probe's metrics.csv

        window.knobs()->learningRate()->findChild<QDoubleSpinBox*>()->setValue(0.01);
        QVERIFY(training.waitForFinished(90000));
        QVERIFY2(training.readAllStandardOutput().contains(": lr 0.01 "), "the optimizer never got lr 0.01");
        RankPlot* rank = plotOf<RankPlot>(window.dashboard());
        QTRY_VERIFY_WITH_TIMEOUT(markerTexts(rank).contains("lr 0.05→0.01"), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(window.knobs()->answer().startsWith("Applied by the training at step"),
                                  qPrintable(window.knobs()->answer()), 5000);
    }
};

QTEST_MAIN(TestCheckpointWindow)
#include "test_checkpoint_window.moc"
