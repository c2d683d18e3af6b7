// kThreadSanitizerBuild: true when this test is compiled with -fsanitize=thread (the tsan preset),
// where every instrumented memory access costs 5-15x. A test whose claim is a time budget skips there:
// it is checked in the Release suite, and the threads it starts are checked by the other tests.
#pragma once

namespace rankscope {

#if defined(__SANITIZE_THREAD__) // GCC
inline constexpr bool kThreadSanitizerBuild = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) // clang
inline constexpr bool kThreadSanitizerBuild = true;
#else
inline constexpr bool kThreadSanitizerBuild = false;
#endif
#else
inline constexpr bool kThreadSanitizerBuild = false;
#endif

} // namespace rankscope
