// LogSlider and NumberSpinBox alone: the slider's round-number grid (1, 1.5, 2, 3, 5, 7 per decade;
// powers of two for whole numbers), values outside the slider pinned to its ends but kept exactly,
// the nearest position on the log scale, typed text committed exactly and once, drags coalesced,
// the shortest text that reads back, and arrow steps down to 0 and back.
#include "controls/log_slider.h"
#include "user_input.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace rankscope;

namespace {
QSlider* sliderOf(LogSlider& knob) {
    return knob.findChild<QSlider*>("slider");
}
NumberSpinBox* spinBoxOf(LogSlider& knob) {
    return knob.findChild<NumberSpinBox*>("spinBox");
}

const LogScale kLearningRate{.sliderMin = 0.01, .sliderMax = 1, .valueMax = 100};
} // namespace

class TestLogSlider : public QObject {
    Q_OBJECT
private slots:
    void realValuesStepThroughRoundNumbers() {
        LogSlider knob("lr", kLearningRate);
        QSlider* slider = sliderOf(knob);
        QCOMPARE(slider->maximum(), 12); // 0.01 0.015 0.02 0.03 0.05 0.07 0.1 ... 0.7 1
        QSignalSpy changed(&knob, &LogSlider::valueChanged);
        slider->triggerAction(QAbstractSlider::SliderToMaximum);
        slider->triggerAction(QAbstractSlider::SliderSingleStepSub);
        slider->triggerAction(QAbstractSlider::SliderSingleStepSub);
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.at(0).at(0).toDouble(), 1.0);
        QCOMPARE(changed.at(1).at(0).toDouble(), 0.7);
        QCOMPARE(changed.at(2).at(0).toDouble(), 0.5);
        QCOMPARE(spinBoxOf(knob)->text(), QString("0.5"));
    }

    void wholeNumbersStepThroughPowersOfTwo() {
        LogSlider knob("batch", {.sliderMin = 1, .sliderMax = 4096, .valueMax = 1e7, .integer = true});
        QSlider* slider = sliderOf(knob);
        QCOMPARE(slider->maximum(), 12);
        slider->setValue(3);
        QCOMPARE(knob.value(), 8.0);
        spinBoxOf(knob)->stepBy(1);
        QCOMPARE(knob.value(), 16.0);
        QCOMPARE(slider->value(), 4);
    }

    void setValueIsSilentPinsTheSliderAndKeepsTheValue() {
        LogSlider knob("lr", kLearningRate);
        QSignalSpy changed(&knob, &LogSlider::valueChanged);
        knob.setValue(1e-5); // below the slider's span
        QCOMPARE(knob.value(), 1e-5);
        QCOMPARE(sliderOf(knob)->value(), 0);
        knob.setValue(50); // above it
        QCOMPARE(sliderOf(knob)->value(), 12);
        knob.setValue(1e9); // above valueMax: clamped
        QCOMPARE(knob.value(), 100.0);
        QCOMPARE(changed.count(), 0);
    }

    void theSliderShowsTheNearestPositionOnTheLogScale() {
        LogSlider knob("lr", kLearningRate);
        knob.setValue(0.04); // ln(0.05 / 0.04) < ln(0.04 / 0.03)
        QCOMPARE(sliderOf(knob)->value(), 4);
        knob.setValue(0.034);
        QCOMPARE(sliderOf(knob)->value(), 3);
    }

    void typedValuesCommitExactlyAndOnce() {
        LogSlider knob("lr", kLearningRate);
        QSignalSpy changed(&knob, &LogSlider::valueChanged);
        typeInto(spinBoxOf(knob), "3.16e-2");
        QCOMPARE(changed.count(), 1);
        QCOMPARE(knob.value(), 0.0316); // not rounded to the grid or to decimals
        typeInto(spinBoxOf(knob), "0.0316");
        QCOMPARE(changed.count(), 1); // the same value again: no signal
    }

    void sliderDragIsCoalesced() {
        LogSlider knob("wd", {.sliderMin = 1e-6, .sliderMax = 1, .allowZero = true});
        knob.setValue(0);
        QSignalSpy changed(&knob, &LogSlider::valueChanged);
        auto* slider = sliderOf(knob);
        slider->setSliderDown(true);
        for (int i = 0; i < 13; ++i) // 0, then 1e-6 and 12 more grid steps (1, 1.5, 2, 3, 5, 7 per decade)
            slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        slider->setSliderDown(false);
        QCOMPARE(changed.count(), 2); // the first move at once, the rest with the release
        QCOMPARE(changed.at(0).at(0).toDouble(), 1e-6);
        QCOMPARE(changed.at(1).at(0).toDouble(), 1e-4);
        QCOMPARE(knob.value(), 1e-4);
        knob.setValue(0.5);
        QCOMPARE(changed.count(), 2); // setValue is silent
    }

    void spinBoxTextIsTheShortestThatReadsBack() {
        NumberSpinBox real(false);
        real.setRange(0, 1e7);
        QCOMPARE(real.textFromValue(1e-5), QString("1e-5"));
        QCOMPARE(real.textFromValue(1e6), QString("1e6"));
        QCOMPARE(real.textFromValue(0.0316), QString("0.0316"));
        QCOMPARE(real.valueFromText("1.5e-6"), 1.5e-6);
        NumberSpinBox integer(true);
        QCOMPARE(integer.textFromValue(4096), QString("4096"));
    }

    void spinBoxValidation() {
        NumberSpinBox real(false);
        real.setRange(0, 10);
        int position = 0;
        QString text = "abc";
        QCOMPARE(real.validate(text, position), QValidator::Invalid);
        text = "1e"; // a number being typed
        QCOMPARE(real.validate(text, position), QValidator::Intermediate);
        text = "11"; // out of range
        QCOMPARE(real.validate(text, position), QValidator::Intermediate);
        text = "2.5e-1";
        QCOMPARE(real.validate(text, position), QValidator::Acceptable);
        NumberSpinBox integer(true);
        integer.setRange(1, 100);
        text = "2.5";
        QCOMPARE(integer.validate(text, position), QValidator::Invalid);
    }

    void arrowsStepDownToZeroAndBack() {
        LogSlider knob("wd", {.sliderMin = 1e-6, .sliderMax = 1, .allowZero = true});
        knob.setValue(1.5e-6);
        NumberSpinBox* box = spinBoxOf(knob);
        box->stepBy(-1);
        QCOMPARE(knob.value(), 1e-6);
        box->stepBy(-1); // below the first step is 0, "off"
        QCOMPARE(knob.value(), 0.0);
        QCOMPARE(sliderOf(knob)->value(), 0);
        box->stepBy(1);
        QCOMPARE(knob.value(), 1e-6);
    }
};

QTEST_MAIN(TestLogSlider)
#include "test_log_slider.moc"
