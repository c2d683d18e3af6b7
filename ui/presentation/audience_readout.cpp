#include "presentation/audience_readout.h"

#include <QFontMetricsF>
#include <QLocale>
#include <algorithm>

namespace rankscope {
namespace {

// The type's cap height is about 3% of the window: 22 px at 720 lines, readable from 15 m on a
// 3 m screen; a floor keeps it legible in a small window outside presentation mode.
constexpr double kTypeShareOfHeight = 0.042;
constexpr int kMinPixelSize = 16;

QString number(double value) {
    return QString::number(value, 'g', 3);
}

} // namespace

AudienceReadout::AudienceReadout(QWidget* parent)
    : QLabel(parent)
    , m_theme(Theme::light()) {
    setObjectName("audienceReadout");
    setAlignment(Qt::AlignCenter);
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setAutoFillBackground(true);
    setToolTip(
        "The live settings and the run's progress, large enough for the audience (A shows or hides it).");
    setWindowHeight(720);
    applyTheme(m_theme);
}

QString AudienceReadout::readoutText(const Snapshot& latest, TimeAxis axis) {
    const TrainConfig& train = latest.train;
    const QLocale english(QLocale::English);
    const QString batch = train.full_batch ? QString("GD (B = %1)").arg(english.toString(latest.batchSize))
                                           : QString("B = %1").arg(english.toString(train.batch_size));
    const QString time = axis == TimeAxis::Epochs
                             ? QString("epoch %1").arg(english.toString(latest.epoch, 'f', 1))
                             : QString("step %1").arg(english.toString(static_cast<qlonglong>(latest.step)));
    return QString("%1     lr = %2     wd = %3     %4")
        .arg(batch, number(train.lr), number(train.weight_decay), time);
}

void AudienceReadout::showRun(const RunView& run, TimeAxis axis, bool labelled) {
    const QString text = readoutText(*run.latest, axis);
    const QString shown = labelled && !run.label.isEmpty() ? run.label + ":     " + text : text;
    if (shown != this->text()) {
        setText(shown);
        fitType();
    }
}

void AudienceReadout::applyTheme(const Theme& theme) {
    m_theme = theme;
    QPalette colors = palette();
    colors.setColor(QPalette::Window, theme.background);
    colors.setColor(QPalette::WindowText, theme.foreground);
    setPalette(colors);
}

void AudienceReadout::setWindowHeight(int windowHeight) {
    m_pixelSize = std::max(kMinPixelSize, static_cast<int>(kTypeShareOfHeight * windowHeight));
    setContentsMargins(0, m_pixelSize / 5, 0, m_pixelSize / 5);
    fitType();
}

void AudienceReadout::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    fitType();
}

void AudienceReadout::fitType() {
    QFont type("DejaVu Sans");
    type.setBold(true);
    type.setPixelSize(m_pixelSize);
    const double widest = QFontMetricsF(type).horizontalAdvance(text());
    if (const double room = 0.95 * width(); widest > room && room > 0)
        type.setPixelSize(std::max(1, static_cast<int>(m_pixelSize * room / widest)));
    if (type != font())
        setFont(type);
}

} // namespace rankscope
