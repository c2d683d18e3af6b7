#include "layer_legend.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

// In lines of the legend font: a swatch as wide as a legend icon's line and as thick as a bold stroke,
// the gap to its name, the space between entries, a row, the strip's margins.
constexpr double kSwatchWidth = 1.5;
constexpr double kSwatchHeight = 0.45;
constexpr double kSwatchGap = 0.35;
constexpr double kEntrySpacing = 1.2;
constexpr double kRowHeight = 1.3;
constexpr double kMarginX = 0.5;
constexpr double kMarginY = 0.15;

double line(const Theme& theme) {
    return QFontMetricsF(theme.legendFont).height();
}

// Rows of entry indices: each row as many entries as fit `usable`, at least one.
QList<QList<int>> wrapRows(const QList<double>& widths, double usable, double spacing) {
    QList<QList<int>> rows;
    double x = 0;
    for (int k = 0; k < widths.size(); ++k) {
        if (rows.isEmpty() || x + spacing + widths[k] > usable) {
            rows.append(QList<int>());
            x = -spacing;
        }
        rows.last().append(k);
        x += spacing + widths[k];
    }
    return rows;
}

} // namespace

LayerLegend::LayerLegend(QWidget* parent)
    : QWidget(parent)
    , m_theme(Theme::light()) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip("The layers' colours in every plot that draws each layer (thin lines, spectra): the layer's "
               "shape in→out (W is [out, in]) and its largest possible rank min(out, in).");
}

void LayerLegend::setKey(const LayerKey& key) {
    if (key == m_key)
        return;
    m_key = key;
    setFixedHeight(heightForWidth(width()));
    update();
}

void LayerLegend::applyTheme(const Theme& theme) {
    m_theme = theme;
    setFixedHeight(heightForWidth(width()));
    update();
}

QList<LayerLegend::Placed> LayerLegend::place(const LayerKey& key, const Theme& theme, double width) {
    const QFontMetricsF metrics(theme.legendFont);
    const double em = metrics.height();
    QList<double> widths;
    for (const LayerKeyEntry& entry : key)
        widths.append((kSwatchWidth + kSwatchGap) * em + std::ceil(metrics.horizontalAdvance(entry.text)) +
                      1);
    const double spacing = kEntrySpacing * em;
    const QList<QList<int>> rows = wrapRows(widths, width - 2 * kMarginX * em, spacing);
    QList<Placed> placed(key.size());
    for (int r = 0; r < rows.size(); ++r) {
        double rowWidth = -spacing;
        for (const int k : rows[r])
            rowWidth += spacing + widths[k];
        double x = std::max(kMarginX * em, std::round((width - rowWidth) / 2));
        const double top = (kMarginY + r * kRowHeight) * em;
        for (const int k : rows[r]) {
            const double swatchTop = std::round(top + (kRowHeight - kSwatchHeight) / 2 * em);
            placed[k].swatch = QRectF(std::round(x), swatchTop, std::round(kSwatchWidth * em),
                                      std::max(2.0, std::round(kSwatchHeight * em)));
            const double textLeft = x + (kSwatchWidth + kSwatchGap) * em;
            placed[k].text = QRectF(textLeft, top, widths[k] - (textLeft - x), kRowHeight * em);
            x += widths[k] + spacing;
        }
    }
    return placed;
}

int LayerLegend::stripHeight(const LayerKey& key, const Theme& theme, int width) {
    if (key.isEmpty())
        return 0;
    double bottom = 0;
    for (const Placed& entry : place(key, theme, width))
        bottom = std::max(bottom, entry.text.bottom());
    return static_cast<int>(std::ceil(bottom + kMarginY * line(theme)));
}

void LayerLegend::paintStrip(QPainter& painter, const LayerKey& key, const Theme& theme, const QRect& strip) {
    const QList<Placed> placed = place(key, theme, strip.width());
    painter.save();
    painter.translate(strip.topLeft());
    painter.setFont(theme.legendFont);
    for (int k = 0; k < key.size(); ++k) {
        painter.fillRect(placed[k].swatch, theme.layerColor(key[k].layer));
        painter.setPen(theme.foreground);
        painter.drawText(placed[k].text, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, key[k].text);
    }
    painter.restore();
}

QList<LayerLegend::Placed> LayerLegend::placedEntries() const {
    return place(m_key, m_theme, width());
}

int LayerLegend::heightForWidth(int width) const {
    return stripHeight(m_key, m_theme, width);
}

QSize LayerLegend::minimumSizeHint() const {
    // The widest entry alone on its row: narrower, its name would be cut.
    const QFontMetricsF metrics(m_theme.legendFont);
    double widest = 0;
    for (const LayerKeyEntry& entry : m_key)
        widest = std::max(widest, metrics.horizontalAdvance(entry.text));
    const double em = metrics.height();
    const int width =
        static_cast<int>(std::ceil(widest + (kSwatchWidth + kSwatchGap + 2 * kMarginX) * em)) + 2;
    return {width, heightForWidth(width)};
}

QSize LayerLegend::sizeHint() const {
    return {minimumSizeHint().width(), heightForWidth(std::max(width(), minimumSizeHint().width()))};
}

void LayerLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.background);
    paintStrip(painter, m_key, m_theme, rect());
}

void LayerLegend::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    setFixedHeight(heightForWidth(width()));
}

} // namespace rankscope
