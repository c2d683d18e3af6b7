// The names of the dashboard's panels on the command line (--video-panel), in the order of
// Dashboard::plots(): spectrum, heatmap, rank, noise, loss, null-space.
#pragma once

#include <QStringList>

namespace rankscope {

QStringList dashboardPanelNames();

} // namespace rankscope
