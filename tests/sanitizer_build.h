// Which sanitizer this test is compiled with (the asan and tsan presets), for the few tests whose
// claim a sanitizer changes:
//   kThreadSanitizerBuild   every instrumented memory access costs 5-15x: a test whose claim is a
//                           time budget skips (the Release suite checks it; its threads are checked
//                           by the other tests).
//   kSanitizerAllocatorBuild ASan and TSan replace malloc with their own allocator: a test of what
//                           glibc's malloc does with freed memory skips.
#pragma once

namespace rankscope {

#if defined(__has_feature) // clang
#define RANKSCOPE_HAS_FEATURE(x) __has_feature(x)
#else
#define RANKSCOPE_HAS_FEATURE(x) 0
#endif

#if defined(__SANITIZE_THREAD__) || RANKSCOPE_HAS_FEATURE(thread_sanitizer) // GCC || clang
inline constexpr bool kThreadSanitizerBuild = true;
#else
inline constexpr bool kThreadSanitizerBuild = false;
#endif

#if defined(__SANITIZE_ADDRESS__) || RANKSCOPE_HAS_FEATURE(address_sanitizer)
inline constexpr bool kAddressSanitizerBuild = true;
#else
inline constexpr bool kAddressSanitizerBuild = false;
#endif

inline constexpr bool kSanitizerAllocatorBuild = kThreadSanitizerBuild || kAddressSanitizerBuild;

#undef RANKSCOPE_HAS_FEATURE

} // namespace rankscope
