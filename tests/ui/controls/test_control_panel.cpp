// Tests of the control panel (ui/controls): ControlPanel's config round trip and signals, its knobs'
// zero position, exact typed values and arrow steps, RunSettings' reset signal and validation,
// presets, presentation mode and the speed cap (LogSlider alone: test_log_slider). User input is
// simulated through the child widgets (slider actions, typed text, arrow steps, combo activation).
// With RANKSCOPE_REVIEW_DIR set, reviewScreenshots() also writes the panel as PNGs for a look.
#include "controls/control_panel.h"
#include "controls/log_slider.h"
#include "controls/preset_chooser.h"
#include "controls/run_settings.h"
#include "io/preset_library.h"
#include "user_input.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>
#include <limits>

using namespace rankscope;

namespace {

QSlider* sliderOf(ControlPanel& panel, const char* knob) {
    return panel.findChild<LogSlider*>(knob)->findChild<QSlider*>("slider");
}

NumberSpinBox* spinBoxOf(ControlPanel& panel, const char* knob) {
    return panel.findChild<LogSlider*>(knob)->findChild<NumberSpinBox*>("spinBox");
}

RunConfig unusualConfig() {
    RunConfig c;
    c.name = "Round trip";
    c.description = "Every field away from its default.";
    c.seed = std::numeric_limits<std::uint64_t>::max();
    c.data = {DataKind::Teacher, 1234, 321, 48, 7, 12, 0.375, "/tmp/unused", {}};
    c.model.hidden = {96, 96, 96};
    c.model.residual = true;
    c.model.bias = false;
    c.loss = LossKind::Mse;
    c.train = {24, 0.0316, 0.0003, 0.9, true};
    c.metrics = {0.01, RankNorm::Frobenius, 7, 11, 0.5};
    return c;
}

} // namespace

class TestControlPanel : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_panel = std::make_unique<ControlPanel>();
        m_panel->resize(360, 1000);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->findChild<QToolButton*>("settingsToggle")->setChecked(true);
    }
    void cleanup() { m_panel.reset(); }

    void roundTripsEveryField() {
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        const RunConfig c = unusualConfig();
        QCOMPARE(c.validate(), QString());
        m_panel->setConfig(c);
        QCOMPARE(m_panel->config(), c);

        RunConfig file = c; // non-uniform widths survive, a CSV path too
        file.data.kind = DataKind::Csv;
        file.data.path = "/data/table.csv";
        file.model.hidden = {256, 128, 64};
        file.loss = LossKind::CrossEntropy;
        file.train.full_batch = false;
        file.train.weight_decay = 0;
        m_panel->setConfig(file);
        QCOMPARE(m_panel->config(), file);
        QVERIFY(!m_panel->findChild<QSpinBox*>("inputDim")->isEnabled());
        QVERIFY(m_panel->findChild<QLineEdit*>("path")->isEnabled());
        QCOMPARE(train.count(), 0);
        QCOMPARE(settings.count(), 0);
    }

    // The panel keeps no run's settings: it asks for the chosen run's and shows only those.
    void knobsShowOnlyTheEditedRunsSettings() {
        m_panel->setConfig(defaultPreset());
        m_panel->setRuns({"first", "second"}, {});
        QSignalSpy asked(m_panel.get(), &ControlPanel::editedRunChanged);
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        m_panel->setEditedRun(1);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toInt(), 1);
        TrainConfig second = defaultPreset().train;
        second.lr = 0.02;
        second.full_batch = true;
        m_panel->showTrain(1, second);
        QCOMPARE(m_panel->config().train, second);
        TrainConfig first = second;
        first.lr = 0.5;
        m_panel->showTrain(0, first); // not the run the knobs edit: nothing changes
        QCOMPARE(m_panel->config().train, second);
        QCOMPARE(train.count(), 0);
    }

    void knobEmitsTrainChangedOnly() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        QSignalSpy preset(m_panel.get(), &ControlPanel::presetChosen);
        sliderOf(*m_panel, "batchSize")->triggerAction(QAbstractSlider::SliderSingleStepAdd); // 8 -> 16
        QCOMPARE(train.count(), 1);
        QCOMPARE(train.at(0).at(0).value<TrainConfig>().batch_size, 16);
        QCOMPARE(train.at(0).at(0).value<TrainConfig>().lr, 0.1);
        typeInto(spinBoxOf(*m_panel, "learningRate"), "0.0316");
        QCOMPARE(train.count(), 2);
        QCOMPARE(train.at(1).at(0).value<TrainConfig>().lr, 0.0316);
        m_panel->findChild<QDoubleSpinBox*>("momentum")->stepBy(9);
        QCOMPARE(train.count(), 3);
        QCOMPARE(train.at(2).at(0).value<TrainConfig>().momentum, 0.9);
        m_panel->findChild<QRadioButton*>("fullBatch")->click();
        QCOMPARE(train.count(), 4);
        QVERIFY(train.at(3).at(0).value<TrainConfig>().full_batch);
        QVERIFY(!m_panel->findChild<LogSlider*>("batchSize")->isEnabled());
        QCOMPARE(m_panel->config().train, train.at(3).at(0).value<TrainConfig>());
        QCOMPARE(settings.count(), 0);
        QCOMPARE(preset.count(), 0);
    }

    void weightDecayReachesZeroAndBack() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSlider* slider = sliderOf(*m_panel, "weightDecay");
        slider->triggerAction(QAbstractSlider::SliderToMinimum);
        QCOMPARE(train.last().at(0).value<TrainConfig>().weight_decay, 0.0);
        QCOMPARE(spinBoxOf(*m_panel, "weightDecay")->text(), QString("0"));
        slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QCOMPARE(train.last().at(0).value<TrainConfig>().weight_decay, 1e-6);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "0");
        QCOMPARE(m_panel->config().train.weight_decay, 0.0);
        QCOMPARE(slider->value(), 0);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "0.01");
        QCOMPARE(m_panel->config().train.weight_decay, 0.01);
        QCOMPARE(train.count(), 4);
        QVERIFY(m_panel->findChild<QLabel*>("lrWdReadout")->text().contains("7,600 steps"));
    }

    void typedValuesBeyondTheSliderAreKept() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        typeInto(spinBoxOf(*m_panel, "batchSize"), "100000");
        QCOMPARE(m_panel->config().train.batch_size, 100000);
        QCOMPARE(sliderOf(*m_panel, "batchSize")->value(), sliderOf(*m_panel, "batchSize")->maximum());
        typeInto(spinBoxOf(*m_panel, "batchSize"), "24");
        QCOMPARE(m_panel->config().train.batch_size, 24);
        typeInto(spinBoxOf(*m_panel, "learningRate"), "1e-7");
        QCOMPARE(m_panel->config().train.lr, 1e-7);
        QCOMPARE(sliderOf(*m_panel, "learningRate")->value(), 1); // the lowest above 0 (position 0 is lr = 0)
        typeInto(spinBoxOf(*m_panel, "learningRate"), "50");
        QCOMPARE(m_panel->config().train.lr, 50.0);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "2.5e3");
        QCOMPARE(m_panel->config().train.weight_decay, 2500.0);
        QCOMPARE(train.count(), 5);
        // lr = 0 is valid (nothing moves: a control experiment); a batch above 10,000,000 is refused.
        typeInto(spinBoxOf(*m_panel, "learningRate"), "0");
        QCOMPARE(train.count(), 6);
        QCOMPARE(m_panel->config().train.lr, 0.0);
        typeInto(spinBoxOf(*m_panel, "batchSize"), "20000000");
        QCOMPARE(train.count(), 6);
        QCOMPARE(m_panel->config().train.batch_size, 24);
    }

    void arrowsStepTheGrid() {
        m_panel->setConfig(defaultPreset());
        spinBoxOf(*m_panel, "batchSize")->stepBy(1);
        QCOMPARE(m_panel->config().train.batch_size, 16);
        spinBoxOf(*m_panel, "learningRate")->stepBy(-1);
        QCOMPARE(m_panel->config().train.lr, 0.07);
        spinBoxOf(*m_panel, "weightDecay")->stepBy(1);
        QCOMPARE(m_panel->config().train.weight_decay, 0.015);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "1e-6");
        spinBoxOf(*m_panel, "weightDecay")->stepBy(-1);
        QCOMPARE(m_panel->config().train.weight_decay, 0.0);
        spinBoxOf(*m_panel, "weightDecay")->stepBy(1);
        QCOMPARE(m_panel->config().train.weight_decay, 1e-6);
        QCOMPARE(spinBoxOf(*m_panel, "weightDecay")->text(), QString("1e-6"));
    }

    void modelChangeEmitsRunSettingsChanged() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        m_panel->findChild<QSpinBox*>("depth")->stepBy(1);
        QCOMPARE(settings.count(), 1);
        QCOMPARE(settings.at(0).at(0).value<RunConfig>().model.hidden, std::vector<int>(5, 128));
        typeInto(m_panel->findChild<QSpinBox*>("width"), "64");
        QCOMPARE(settings.count(), 2);
        QCOMPARE(m_panel->config().model.hidden, std::vector<int>(5, 64));
        auto* seed = m_panel->findChild<QLineEdit*>("seed");
        seed->setText("42");
        emit seed->editingFinished();
        QCOMPARE(settings.count(), 3);
        QCOMPARE(settings.at(2).at(0).value<RunConfig>().seed, std::uint64_t(42));
        emit seed->editingFinished(); // focus out with nothing changed: no reset
        QCOMPARE(settings.count(), 3);
        QCOMPARE(train.count(), 0);
    }

    void invalidRunSettingsShowTheProblem() {
        m_panel->setConfig(defaultPreset());
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        auto* kind = m_panel->findChild<QComboBox*>("kind");
        activate(kind, static_cast<int>(DataKind::Idx)); // no folder yet: invalid
        QCOMPARE(settings.count(), 0);
        QVERIFY(m_panel->findChild<QLineEdit*>("path")->isEnabled());
        QVERIFY(!m_panel->findChild<QSpinBox*>("inputDim")->isEnabled());
        auto* path = m_panel->findChild<QLineEdit*>("path");
        path->setText("/usr/share/datasets/fashion-mnist");
        emit path->editingFinished();
        QCOMPARE(settings.count(), 1);
        QCOMPARE(settings.at(0).at(0).value<RunConfig>().data.kind, DataKind::Idx);
        activate(kind, static_cast<int>(DataKind::LinearRegression)); // brings its MSE loss
        QCOMPARE(settings.count(), 2);
        QCOMPARE(settings.at(1).at(0).value<RunConfig>().loss, LossKind::Mse);
    }

    void choosingAPresetEmitsIt() {
        QSignalSpy preset(m_panel.get(), &ControlPanel::presetChosen);
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSignalSpy settings(m_panel.get(), &ControlPanel::runSettingsChanged);
        const RunConfig janus = resolvePreset("janus-linear").value();
        activate(m_panel->findChild<QComboBox*>("preset"), "janus-linear");
        QCOMPARE(preset.count(), 1);
        QCOMPARE(preset.at(0).at(0).value<RunConfig>(), janus);
        QCOMPARE(m_panel->config(), janus);
        QCOMPARE(train.count(), 0);
        QCOMPARE(settings.count(), 0);
        RunConfig custom = janus;
        custom.name = "My experiment";
        m_panel->setConfig(custom);
        QCOMPARE(m_panel->findChild<QComboBox*>("preset")->currentText(), QString("Custom"));
    }

    void lrWdReadoutWarnsOfCollapse() {
        m_panel->setConfig(defaultPreset()); // lr 0.1, wd 0.01
        auto* readout = m_panel->findChild<QLabel*>("lrWdReadout");
        QVERIFY2(readout->text().startsWith("lr·wd = 1.0e-3 → ~7,600 steps"), qPrintable(readout->text()));
        const QColor normal = readout->palette().color(QPalette::WindowText);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "0.2");
        QVERIFY(readout->text().contains("collapse"));
        QCOMPARE(readout->palette().color(QPalette::WindowText), QColor(0xc0, 0, 0));
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "0");
        QVERIFY(readout->text().contains("never fade"));
        QCOMPARE(readout->palette().color(QPalette::WindowText), normal);
    }

    void presentationModeHidesTheRest() {
        const double normalSize = m_panel->startPauseButton()->font().pointSizeF();
        m_panel->setPresentationMode(true);
        QVERIFY(m_panel->startPauseButton()->isVisible());
        QVERIFY(m_panel->findChild<QSlider*>("speed")->isVisible());
        for (const char* knob : {"batchSize", "learningRate", "weightDecay"})
            QVERIFY(m_panel->findChild<LogSlider*>(knob)->isVisible());
        QVERIFY(!m_panel->stepButton()->isVisible());
        QVERIFY(!m_panel->resetButton()->isVisible());
        QVERIFY(m_panel->findChild<QComboBox*>("preset")->isVisible());
        QVERIFY(!m_panel->findChild<PresetChooser*>()->findChild<QLabel*>()->isVisible()); // no description
        QVERIFY(!m_panel->findChild<QDoubleSpinBox*>("momentum")->isVisible());
        QVERIFY(m_panel->findChild<QRadioButton*>("fullBatch")->isVisible());
        QVERIFY(!m_panel->findChild<RunSettings*>()->isVisible());
        QVERIFY(m_panel->startPauseButton()->font().pointSizeF() > normalSize);
        m_panel->setPresentationMode(false);
        QVERIFY(m_panel->stepButton()->isVisible());
        QVERIFY(m_panel->findChild<RunSettings*>()->isVisible());
        QCOMPARE(m_panel->startPauseButton()->font().pointSizeF(), normalSize);
    }

    void wheelScrollsInsteadOfTurningAKnob() {
        QSignalSpy train(m_panel.get(), &ControlPanel::trainChanged);
        QSignalSpy preset(m_panel.get(), &ControlPanel::presetChosen);
        QSlider* lr = sliderOf(*m_panel, "learningRate");
        auto* presets = m_panel->findChild<QComboBox*>("preset");
        const int lrPosition = lr->value(), presetIndex = presets->currentIndex();
        for (QWidget* target : {static_cast<QWidget*>(lr), static_cast<QWidget*>(presets)}) {
            const QPointF center = QRectF(target->rect()).center();
            QWheelEvent wheel(center, target->mapToGlobal(center), {}, {0, -120}, Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(target, &wheel);
        }
        QCOMPARE(lr->value(), lrPosition);
        QCOMPARE(presets->currentIndex(), presetIndex);
        QCOMPARE(train.count(), 0);
        QCOMPARE(preset.count(), 0);
    }

    void speedControl() {
        QSignalSpy speed(m_panel.get(), &ControlPanel::speedChanged);
        QCOMPARE(m_panel->speed(), 0.0); // default: unlimited
        auto* slider = m_panel->findChild<QSlider*>("speed");
        slider->triggerAction(QAbstractSlider::SliderToMinimum);
        slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QCOMPARE(speed.count(), 2);
        QCOMPARE(speed.at(0).at(0).toDouble(), 1.0);
        QCOMPARE(speed.at(1).at(0).toDouble(), 2.0);
        slider->triggerAction(QAbstractSlider::SliderToMaximum);
        QCOMPARE(speed.last().at(0).toDouble(), 0.0);
        m_panel->setSpeed(7);
        QCOMPARE(m_panel->speed(), 5.0);
        m_panel->setSpeed(1e6);
        QCOMPARE(m_panel->speed(), 10000.0);
        m_panel->setSpeed(0);
        QCOMPARE(m_panel->speed(), 0.0);
        QCOMPARE(speed.count(), 3); // setSpeed is silent
    }

    void buttonsEmitAndStartPauseToggles() {
        QSignalSpy startPause(m_panel.get(), &ControlPanel::startPauseClicked);
        QSignalSpy step(m_panel.get(), &ControlPanel::stepClicked);
        QSignalSpy reset(m_panel.get(), &ControlPanel::resetClicked);
        QCOMPARE(m_panel->startPauseButton()->text(), QString("Start"));
        m_panel->startPauseButton()->click();
        m_panel->stepButton()->click();
        m_panel->resetButton()->click();
        QCOMPARE(startPause.count(), 1);
        QCOMPARE(step.count(), 1);
        QCOMPARE(reset.count(), 1);
        m_panel->setRunning(true);
        QCOMPARE(m_panel->startPauseButton()->text(), QString("Pause"));
        QVERIFY(m_panel->startPauseButton()->toolTip().contains("Space"));
        QVERIFY(m_panel->stepButton()->toolTip().contains("S or →"));
        QVERIFY(m_panel->resetButton()->toolTip().contains("(R)"));
    }

    // Setting the state already shown must not reload the style's icon (each reload stayed in memory).
    void unchangedRunningStateKeepsTheIcon() {
        m_panel->setRunning(true);
        const qint64 pauseIcon = m_panel->startPauseButton()->icon().cacheKey();
        m_panel->setRunning(true);
        QCOMPARE(m_panel->startPauseButton()->icon().cacheKey(), pauseIcon);
        m_panel->setRunning(false);
        QVERIFY(m_panel->startPauseButton()->icon().cacheKey() != pauseIcon);
        QCOMPARE(m_panel->startPauseButton()->text(), QString("Start"));
    }

    void reviewScreenshots() {
        const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR");
        if (dir.isEmpty())
            QSKIP("set RANKSCOPE_REVIEW_DIR to write the panel as PNGs");
        QVERIFY(QDir().mkpath(dir));
        m_panel->findChild<QToolButton*>("settingsToggle")->setChecked(false);
        m_panel->setConfig(defaultPreset());
        QVERIFY(m_panel->grab().save(dir + "/panel.png"));
        m_panel->findChild<QToolButton*>("settingsToggle")->setChecked(true);
        m_panel->resize(360, 1700);
        QVERIFY(m_panel->grab().save(dir + "/panel-settings.png"));
        m_panel->resize(360, 1000);
        typeInto(spinBoxOf(*m_panel, "weightDecay"), "0.2");
        m_panel->setRunning(true);
        m_panel->setPresentationMode(true);
        QCoreApplication::processEvents(); // lets the layouts close the gaps of the hidden widgets
        QVERIFY(m_panel->grab().save(dir + "/panel-presentation.png"));
    }

private:
    std::unique_ptr<ControlPanel> m_panel;
};

QTEST_MAIN(TestControlPanel)
#include "test_control_panel.moc"
