#include "export/dashboard_panels.h"

namespace rankscope {

QStringList dashboardPanelNames() {
    return {"spectrum", "heatmap", "rank", "noise", "loss", "null-space"};
}

} // namespace rankscope
