// LayerKey: which colour stands for which layer. Every plot that draws each layer as a curve of its
// own colours layer l with Theme::layerColor(l), so one key names the layers for all of them — the
// dashboard's shared legend and the strip above an exported figure (layer_legend.h) — instead of each
// plot repeating the list in its own legend. A layer is named by its number and shape in→out
// ("L1 (64→128)"; W_l is [out, in]), a CNN's by kind and shape ("C1 1→16 3×3"), a checkpoint's by its
// tensor; the key adds the layer's largest possible rank min(out, in) (the length of its spectrum), so
// that an input-limited layer reads as full rather than "half", or says that the layer collapsed.
#pragma once

#include "session/snapshot.h"

#include <QList>
#include <QString>

namespace rankscope {

struct LayerKeyEntry {
    int layer = 0; // 0-based: its colour is Theme::layerColor(layer)
    QString text;  // "L1 (64→128), max rank 64"
    bool operator==(const LayerKeyEntry&) const = default;
};
using LayerKey = QList<LayerKeyEntry>;

// "L1 (64→128)", a CNN's or a checkpoint's name (Snapshot::layerNames), or "L3" when `latest` knows
// nothing more about layer l; "" beyond the last layer.
QString layerName(const Snapshot& latest, int layer);

// Every layer of `latest`, named, with its largest possible rank once analysed, or ": collapsed".
LayerKey layerKeyFor(const Snapshot& latest);

} // namespace rankscope
