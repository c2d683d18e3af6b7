// LayerLegend: the dashboard's one legend of layers — a colour swatch and the layer's name for each
// layer (layer_key.h), in the theme's legend type, centred in as many rows as the width needs and
// never elided. It stands above the panel grid while a shown plot draws each layer in its colour;
// the plots keep only their own entries (the mean, a theory curve, the runs of a comparison). An
// exported figure draws the same strip above its plots with the same code (paintStrip()).
// Leaves out: what the layers are called (layer_key.h) and which plots draw them (LivePlot::layerKey).
#pragma once

#include "layer_key.h"
#include "theme.h"

#include <QWidget>

namespace rankscope {

class LayerLegend : public QWidget {
    Q_OBJECT
public:
    explicit LayerLegend(QWidget* parent = nullptr);

    void setKey(const LayerKey& key);
    const LayerKey& key() const { return m_key; }
    void applyTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }

    // Where entry k's swatch and text sit at the widget's width (its text is never cut: tests measure it).
    struct Placed {
        QRectF swatch;
        QRectF text;
    };
    QList<Placed> placedEntries() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The strip's layout at `width` in `theme`, its height, and drawing it into `strip` (the widget and
    // the figure export share these).
    static QList<Placed> place(const LayerKey& key, const Theme& theme, double width);
    static int stripHeight(const LayerKey& key, const Theme& theme, int width);
    static void paintStrip(QPainter& painter, const LayerKey& key, const Theme& theme, const QRect& strip);

protected:
    void paintEvent(QPaintEvent* event) override;
    // The height follows the width: the rows wrap.
    void resizeEvent(QResizeEvent* event) override;

private:
    LayerKey m_key;
    Theme m_theme;
};

} // namespace rankscope
