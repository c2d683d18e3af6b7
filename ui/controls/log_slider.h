// LogSlider: a knob for a value that spans decades (batch size, learning rate, weight decay): a
// horizontal slider on a logarithmic grid paired with an editable NumberSpinBox. The slider covers a
// useful span and pins to its ends for values outside it; the spin box takes every valid value typed
// exactly, scientific notation included. Whole numbers step through powers of two (1, 2, 4, ... 4096);
// real numbers through 1, 1.5, 2, 3, 5, 7 per decade, so every slider position is a round number a
// lecturer can read aloud. With allowZero, 0 is valid and is the slider's leftmost position ("off").
// A slider drag emits live but at most about every 100 ms; spin box edits emit when committed
// (Enter, focus out, an arrow step).
// Leaves out: what the value means (labels and tooltips come from ControlPanel).
#pragma once

#include <QDoubleSpinBox>
#include <QWidget>
#include <vector>

class QSlider;
class QTimer;

namespace rankscope {

// The spin box half of a LogSlider, also used on its own for values that need no fixed number of
// decimals: shows the shortest text that reads back exactly (0.0316, 1e-6, 4096), reads decimal and
// scientific notation, keeps typed values exactly (no rounding to decimals) and steps along the
// slider's grid.
class NumberSpinBox : public QDoubleSpinBox {
public:
    explicit NumberSpinBox(bool integer, QWidget* parent = nullptr);

    // The value the up arrow goes to from 0; below it the down arrow goes to 0 (when 0 is in range).
    void setFirstStep(double value) { m_firstStep = value; }

    QValidator::State validate(QString& text, int& position) const override;
    double valueFromText(const QString& text) const override;
    QString textFromValue(double value) const override;
    void stepBy(int steps) override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

private:
    bool m_integer;
    double m_firstStep;
};

// The range of a LogSlider. The smallest valid value is 1 for whole numbers, any number > 0 for
// real ones, and 0 with allowZero.
struct LogScale {
    double sliderMin = 1; // the slider spans [sliderMin, sliderMax] (both > 0)
    double sliderMax = 10;
    double valueMax = 1e6;  // the largest value the spin box accepts
    bool integer = false;   // whole numbers; the slider steps through powers of two
    bool allowZero = false; // 0 is valid: the slider's leftmost position, and typed as 0
};

class LogSlider : public QWidget {
    Q_OBJECT

public:
    LogSlider(const QString& label, const LogScale& scale, QWidget* parent = nullptr);

    double value() const { return m_value; }
    void setValue(double value); // no signal

signals:
    void valueChanged(double value); // once per user change

private:
    int positionOf(double value) const; // nearest slider position on the log scale
    void onSliderMoved(int position);
    void onSpinBoxCommitted(double value);
    void commit(double value);

    std::vector<double> m_positions; // the value at each slider position, ascending
    QSlider* m_slider;
    NumberSpinBox* m_spinBox;
    QTimer* m_dragThrottle;
    double m_value = 0;
};

} // namespace rankscope
