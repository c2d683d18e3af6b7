// Overloaded: a visitor made of lambdas, one per alternative of a std::variant.
#pragma once

namespace rankscope {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>; // clang before 17 deduces no aggregate template arguments

} // namespace rankscope
