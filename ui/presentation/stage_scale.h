// StageScale: presentation mode sized for the screen it is on. The talk theme is drawn for a
// 1080-line screen; on other screens its fonts, line widths and the panels' minimum size scale with
// the window's height, so 1280×720 shows the same picture as 1920×1080, only smaller, and 3840×2160
// (without a device pixel ratio) the same picture twice as large — rather than the 1080-line sizes
// squeezing the plots to slivers at 720 lines or looking tiny at 2160.
#pragma once

#include "theme.h"

namespace rankscope {

// The factor for a window `windowHeight` pixels tall: windowHeight / 1080, within [0.6, 3].
double stageScale(int windowHeight);
// The talk theme with its fonts and line widths multiplied by `scale`.
Theme scaledTalkTheme(double scale);

} // namespace rankscope
