// LogSlider and NumberSpinBox (log_slider.h). The grid: whole numbers are the powers of two; real
// numbers are m * 10^e with m in {1, 1.5, 2, 3, 5, 7}, computed as (10 m) / 10^(1-e) so that each grid
// value is the double nearest its decimal text (0.03, not 0.030000000000000002).
#include "controls/log_slider.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSlider>
#include <QStyleOptionSpinBox>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <limits>

namespace rankscope {
namespace {

constexpr double kTenths[] = {10, 15, 20, 30, 50, 70}; // 10 m for the mantissas 1, 1.5, 2, 3, 5, 7
constexpr double kTolerance = 1e-9;                    // relative: grid values closer than this are equal
constexpr int kDragThrottleMs = 100;

double gridValue(int decade, int index) {
    const int exponent = decade - 1;
    return exponent >= 0 ? kTenths[index] * std::pow(10.0, exponent)
                         : kTenths[index] / std::pow(10.0, -exponent);
}

// The smallest grid value above v > 0.
double gridAbove(double v, bool integer) {
    if (integer)
        return std::exp2(std::floor(std::log2(v * (1 + kTolerance))) + 1);
    const int decade = static_cast<int>(std::floor(std::log10(v)));
    for (int d = decade - 1; d <= decade + 1; ++d)
        for (int i = 0; i < 6; ++i)
            if (gridValue(d, i) > v * (1 + kTolerance))
                return gridValue(d, i);
    return v * 10; // unreachable: 10^(decade + 1) > v
}

// The largest grid value below v > 0.
double gridBelow(double v, bool integer) {
    if (integer)
        return std::exp2(std::ceil(std::log2(v * (1 - kTolerance))) - 1);
    const int decade = static_cast<int>(std::floor(std::log10(v)));
    for (int d = decade + 1; d >= decade - 1; --d)
        for (int i = 5; i >= 0; --i)
            if (gridValue(d, i) < v * (1 - kTolerance))
                return gridValue(d, i);
    return v / 10; // unreachable: 10^(decade - 1) < v
}

} // namespace

NumberSpinBox::NumberSpinBox(bool integer, QWidget* parent)
    : QDoubleSpinBox(parent)
    , m_integer(integer)
    , m_firstStep(integer ? 1 : 0.1) {
    setLocale(QLocale::c());
    setDecimals(std::numeric_limits<double>::max_exponent10 +
                std::numeric_limits<double>::digits10); // no rounding
    setKeyboardTracking(false);
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

QValidator::State NumberSpinBox::validate(QString& text, int&) const {
    static const QRegularExpression partialReal(R"(^\d*\.?\d*([eE][-+]?\d*)?$)");
    static const QRegularExpression partialInteger(R"(^\d*$)");
    const QString trimmed = text.trimmed();
    if (!(m_integer ? partialInteger : partialReal).match(trimmed).hasMatch())
        return QValidator::Invalid;
    bool ok = false;
    const double v = QLocale::c().toDouble(trimmed, &ok);
    if (!ok || !std::isfinite(v) || v < minimum() || v > maximum())
        return QValidator::Intermediate;
    return QValidator::Acceptable;
}

double NumberSpinBox::valueFromText(const QString& text) const {
    return QLocale::c().toDouble(text.trimmed());
}

QString NumberSpinBox::textFromValue(double value) const {
    if (m_integer)
        return QString::number(std::llround(value));
    static const QRegularExpression exponent(R"(e\+?(-?)0*(\d))"); // 1e-05 -> 1e-5, 1e+06 -> 1e6
    return QString::number(value, 'g', QLocale::FloatingPointShortest).replace(exponent, "e\\1\\2");
}

void NumberSpinBox::stepBy(int steps) {
    double v = value();
    for (int i = 0; i < std::abs(steps); ++i) {
        if (steps > 0)
            v = v <= 0 ? m_firstStep : gridAbove(v, m_integer);
        else if (v > 0) {
            const double below = gridBelow(v, m_integer);
            v = below < m_firstStep * (1 - kTolerance) && minimum() <= 0 ? 0 : below;
        }
    }
    setValue(std::clamp(v, minimum(), maximum()));
    selectAll();
}

QSize NumberSpinBox::sizeHint() const {
    ensurePolished();
    QStyleOptionSpinBox option;
    initStyleOption(&option);
    // Room for the usual values ("0.00015", "1.5e-6", "4096"); longer ones scroll in the field.
    const QSize text(fontMetrics().horizontalAdvance(QStringLiteral("0.000015 ")),
                     lineEdit()->sizeHint().height());
    return style()->sizeFromContents(QStyle::CT_SpinBox, &option, text, this);
}

LogSlider::LogSlider(const QString& label, const LogScale& scale, QWidget* parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spinBox(new NumberSpinBox(scale.integer, this))
    , m_dragThrottle(new QTimer(this)) {
    Q_ASSERT(scale.sliderMin > 0 && scale.sliderMin < scale.sliderMax && scale.sliderMax <= scale.valueMax);
    if (scale.allowZero)
        m_positions.push_back(0);
    for (double v = scale.sliderMin; v <= scale.sliderMax * (1 + kTolerance); v = gridAbove(v, scale.integer))
        m_positions.push_back(v);
    m_slider->setRange(0, static_cast<int>(m_positions.size()) - 1);
    m_slider->setPageStep(scale.integer ? 1 : 3);
    m_slider->setObjectName("slider");

    const double smallest = scale.allowZero ? 0 : scale.integer ? 1 : std::numeric_limits<double>::min();
    m_spinBox->setRange(smallest, scale.valueMax);
    m_spinBox->setFirstStep(scale.sliderMin);
    m_spinBox->setObjectName("spinBox");

    auto* title = new QLabel(label, this);
    title->setBuddy(m_spinBox);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setVerticalSpacing(2);
    layout->addWidget(title, 0, 0);
    layout->addWidget(m_spinBox, 0, 1, Qt::AlignRight);
    layout->addWidget(m_slider, 1, 0, 1, 2);

    m_dragThrottle->setSingleShot(true);
    m_dragThrottle->setInterval(kDragThrottleMs);
    connect(m_dragThrottle, &QTimer::timeout, this, [this] { commit(m_positions[m_slider->value()]); });
    connect(m_slider, &QSlider::valueChanged, this, &LogSlider::onSliderMoved);
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        m_dragThrottle->stop();
        commit(m_positions[m_slider->value()]);
    });
    connect(m_spinBox, &QDoubleSpinBox::valueChanged, this, &LogSlider::onSpinBoxCommitted);
    setValue(scale.sliderMin);
}

void LogSlider::setValue(double value) {
    const QSignalBlocker blockSpinBox(m_spinBox);
    const QSignalBlocker blockSlider(m_slider);
    m_spinBox->setValue(value);
    m_value = m_spinBox->value(); // clamped to the valid range
    m_slider->setValue(positionOf(m_value));
}

int LogSlider::positionOf(double value) const {
    if (value <= 0)
        return 0;
    const auto distance = [value](double p) { return p > 0 ? std::abs(std::log(p / value)) : HUGE_VAL; };
    const auto nearest = std::min_element(m_positions.begin(), m_positions.end(),
                                          [&](double a, double b) { return distance(a) < distance(b); });
    return static_cast<int>(nearest - m_positions.begin());
}

// A drag commits its first move at once and then at most once per throttle interval; the release
// commits the final position. Keyboard, wheel and clicks on the groove commit every step.
void LogSlider::onSliderMoved(int position) {
    const double v = m_positions[position];
    {
        const QSignalBlocker blockSpinBox(m_spinBox);
        m_spinBox->setValue(v);
    }
    if (!m_slider->isSliderDown()) {
        commit(v);
    } else if (!m_dragThrottle->isActive()) {
        commit(v);
        m_dragThrottle->start();
    }
}

void LogSlider::onSpinBoxCommitted(double value) {
    const QSignalBlocker blockSlider(m_slider);
    m_slider->setValue(positionOf(value));
    commit(value);
}

void LogSlider::commit(double value) {
    if (value == m_value)
        return;
    m_value = value;
    emit valueChanged(value);
}

} // namespace rankscope
