// Hostile and absurd input in the GUI, offscreen: the configurations the command
// line refuses are refused by MainWindow::loadConfig() with a message naming the key or file (a
// message box, closed here by a MessageBoxCatcher), and the window stays usable: a valid
// configuration loads afterwards and steps. Odd-but-legitimate configurations train. Preset files
// go through loadPresetFile() as File → Open does. Extreme values typed into the live knobs
// (the spin boxes' limits) neither crash nor hang, and slow steps (full-batch GD on a large data
// set, depth 30) never stall the GUI thread: training runs on the session's worker thread.
#include "controls/control_panel.h"
#include "controls/log_slider.h"
#include "io/preset_io.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "sanitizer_build.h"
#include "write_file.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>

using namespace rankscope;

namespace {

using Edit = std::function<void(RunConfig&)>;

RunConfig quickRun() {
    RunConfig config = defaultPreset();
    config.data.train_size = 512;
    config.data.test_size = 128;
    config.model.hidden = {32, 32};
    return config;
}

RunConfig edited(const Edit& edit) {
    RunConfig config = quickRun();
    edit(config);
    return config;
}

// Closes every message box as soon as it is shown (QMessageBox::warning runs a nested event loop,
// so the timer still fires) and keeps its text.
class MessageBoxCatcher : public QObject {
public:
    MessageBoxCatcher() {
        connect(&m_poll, &QTimer::timeout, this, [this] {
            for (QWidget* widget : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible()) {
                    m_texts << box->text();
                    box->done(QMessageBox::Ok);
                }
        });
        m_poll.start(10);
    }
    const QStringList& texts() const { return m_texts; }

private:
    QTimer m_poll;
    QStringList m_texts;
};

// The largest lateness of a 10 ms GUI-thread timer over `ms` milliseconds.
double worstStallMs(int ms) {
    QElapsedTimer sinceLast, total;
    double worst = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        worst = std::max(worst, sinceLast.nsecsElapsed() * 1e-6 - 10);
        sinceLast.restart();
    });
    sinceLast.start();
    timer.start(10);
    QTest::qWait(ms);
    return worst;
}

} // namespace

Q_DECLARE_METATYPE(Edit)

class TestHostileGui : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // The window still works: a valid configuration loads and takes a step.
    static void verifyUsable(MainWindow& window) {
        window.loadConfig(quickRun());
        window.stepOnce();
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot() && window.shownSnapshot()->step == 1, 15000);
    }

private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void refusedConfigsAreNamedAndTheWindowStaysUsable_data() {
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("batch 0") << Edit([](RunConfig& c) { c.train.batch_size = 0; }) << "train.batch_size";
        QTest::newRow("lr negative") << Edit([](RunConfig& c) { c.train.lr = -1; }) << "train.lr";
        QTest::newRow("lr NaN") << Edit([](RunConfig& c) { c.train.lr = std::nan(""); }) << "train.lr";
        QTest::newRow("lr 1e30") << Edit([](RunConfig& c) { c.train.lr = 1e30; }) << "train.lr";
        QTest::newRow("wd 1e30") << Edit([](RunConfig& c) { c.train.weight_decay = 1e30; })
                                 << "train.weight_decay";
        QTest::newRow("width 0") << Edit([](RunConfig& c) { c.model.hidden = {0}; }) << "model.hidden";
        QTest::newRow("model too big")
            << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(8, 2048); }) << "model.hidden";
        QTest::newRow("train_size 0")
            << Edit([](RunConfig& c) { c.data.train_size = 0; }) << "data.train_size";
        QTest::newRow("classes 1") << Edit([](RunConfig& c) { c.data.classes = 1; }) << "data.classes";
        QTest::newRow("missing csv") << Edit([](RunConfig& c) {
            c.data.kind = DataKind::Csv;
            c.data.path = "/nonexistent/data.csv";
        }) << "/nonexistent/data.csv";
        QTest::newRow("csv with one class") << Edit([this](RunConfig& c) {
            c.data.kind = DataKind::Csv;
            c.data.path = m_dir.filePath("one-class.csv");
            c.data.test_size = 4;
        }) << "one-class.csv";
    }
    void refusedConfigsAreNamedAndTheWindowStaysUsable() {
        QFETCH(Edit, edit);
        QFETCH(QString, mentions);
        writeFile(m_dir.filePath("one-class.csv"),
                  "a,b,label\n1,2,0\n3,4,0\n5,6,0\n7,8,0\n9,10,0\n11,12,0\n");
        MainWindow window(quickRun());
        window.show();
        MessageBoxCatcher catcher;
        window.loadConfig(edited(edit));
        window.stepOnce(); // a refused config must not leave a half-built run behind
        QTRY_VERIFY_WITH_TIMEOUT(!catcher.texts().isEmpty(), 15000);
        QVERIFY2(catcher.texts().join('\n').contains(mentions), qPrintable(catcher.texts().join('\n')));
        verifyUsable(window);
    }

    void oddButLegitimateConfigsTrain_data() {
        QTest::addColumn<Edit>("edit");
        QTest::newRow("lr 0") << Edit([](RunConfig& c) { c.train.lr = 0; });
        QTest::newRow("wd 0") << Edit([](RunConfig& c) { c.train.weight_decay = 0; });
        QTest::newRow("batch 1") << Edit([](RunConfig& c) { c.train.batch_size = 1; });
        QTest::newRow("batch > train_size") << Edit([](RunConfig& c) { c.train.batch_size = 100000; });
        QTest::newRow("width 1") << Edit([](RunConfig& c) { c.model.hidden = {1, 1}; });
        QTest::newRow("depth 0") << Edit([](RunConfig& c) { c.model.hidden = {}; });
        QTest::newRow("depth 30") << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(30, 8); });
    }
    void oddButLegitimateConfigsTrain() {
        QFETCH(Edit, edit);
        MainWindow window(quickRun());
        window.show();
        MessageBoxCatcher catcher;
        window.loadConfig(edited(edit));
        window.toggleRunning();
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot() && window.shownSnapshot()->step >= 20, 15000);
        QVERIFY2(catcher.texts().isEmpty(), qPrintable(catcher.texts().join('\n')));
    }

    // File → Open: loadPresetFile() names the file; a newer version's keys are warnings, and the rest loads.
    void presetFiles() {
        writeFile(m_dir.filePath("bad-value.json"), R"({"train": {"lr": -5}})");
        writeFile(m_dir.filePath("truncated.json"), R"({"train": {"lr": )");
        writeFile(m_dir.filePath("newer.json"),
                  R"({"train": {"batch_size": 16, "warp_drive": 1}, "hologram": {}})");
        for (const char* name : {"bad-value.json", "truncated.json"}) {
            const Result<RunConfig> loaded = loadPresetFile(m_dir.filePath(name));
            QVERIFY(!loaded);
            QVERIFY2(loaded.error().startsWith(m_dir.filePath(name)), qPrintable(loaded.error()));
        }
        QStringList warnings;
        const Result<RunConfig> newer = loadPresetFile(m_dir.filePath("newer.json"), &warnings);
        QVERIFY2(newer, qPrintable(newer.error()));
        QCOMPARE(warnings.size(), 2);
        QVERIFY(warnings.join('\n').contains("train.warp_drive") && warnings.join('\n').contains("hologram"));
        RunConfig config = newer.value();
        config.data = quickRun().data;
        config.model = quickRun().model;
        MainWindow window(config);
        window.show();
        window.stepOnce();
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot() && window.shownSnapshot()->step == 1, 15000);
        QCOMPARE(window.shownSnapshot()->batchSize, 16);
    }

    // The live knobs' extremes, typed as a user would: no crash, no hang; a diverged run recovers.
    void knobExtremesNeitherCrashNorHang() {
        MainWindow window(quickRun());
        window.show();
        MessageBoxCatcher catcher;
        window.toggleRunning();
        const auto type = [&window](const char* knob, double value) {
            window.controls()->findChild<LogSlider*>(knob)->findChild<NumberSpinBox*>("spinBox")->setValue(
                value);
        };
        for (double batch : {1.0, 1e7}) { // 1e7: the spin box's maximum, far above train_size (full batch)
            type("batchSize", batch);
            QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot() && window.shownSnapshot()->batchSize ==
                                                                   std::min(static_cast<int>(batch), 512),
                                     15000);
        }
        type("weightDecay", 0);
        type("learningRate", 1e-300); // the smallest value the spin box takes
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot()->train.lr == 1e-300, 15000);
        type("weightDecay", 1e6);
        type("learningRate", 1e6); // the maximum of both: diverges at once
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot()->state == RunState::Diverged, 15000);
        type("learningRate", 0.1);
        type("weightDecay", 0.01);
        window.resetRun();
        verifyUsable(window);
    }

    // Slow steps run on the worker thread: the GUI thread keeps its 10 ms timer within a frame or two.
    void slowStepsDoNotStallTheGuiThread_data() {
        QTest::addColumn<Edit>("edit");
        QTest::newRow("full-batch GD, 100k samples") << Edit([](RunConfig& c) {
            c.data.train_size = 100000;
            c.train.full_batch = true;
            c.model.hidden = {128, 128, 128, 128};
        });
        QTest::newRow("depth 30, width 1")
            << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(30, 1); });
        QTest::newRow("depth 30, width 128")
            << Edit([](RunConfig& c) { c.model.hidden = std::vector<int>(30, 128); });
    }
    void slowStepsDoNotStallTheGuiThread() {
        if (kThreadSanitizerBuild)
            QSKIP("a time budget: ThreadSanitizer slows each step 5-15x");
        QFETCH(Edit, edit);
        MainWindow window(quickRun());
        window.show();
        window.loadConfig(edited(edit));
        window.toggleRunning();
        // Generous: the first full-batch step over 100k samples is slow when CTest runs tests in parallel.
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot() && window.shownSnapshot()->step >= 1, 180000);
        const double stall = worstStallMs(2000);
        qInfo("worst GUI-thread stall while training: %.0f ms", stall);
        QVERIFY2(stall < 500, qPrintable(QString::number(stall)));
    }
};

QTEST_MAIN(TestHostileGui)
#include "test_hostile_gui.moc"
