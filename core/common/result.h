// Result<T>: the return type of every input boundary (files, presets, command line).
// Either a value or one human-readable message that names the file/key and the problem
// (DESIGN.md "Errors follow the layer"). Internal invariants assert instead; nothing throws.
#pragma once

#include <QString>
#include <optional>
#include <utility>

namespace rankscope {

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_value(std::move(value)) {}
    static Result failure(QString message) { return Result(std::move(message), 0); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    // By value, not T&&: `for (auto& x : load().value())` must not iterate a destroyed temporary.
    T value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }

    const QString& error() const { return m_error; }

private:
    Result(QString message, int)
        : m_error(std::move(message)) {}
    std::optional<T> m_value;
    QString m_error;
};

// For operations that produce nothing but can fail.
struct Unit {};
using Status = Result<Unit>;
inline Status success() {
    return Status(Unit{});
}

} // namespace rankscope
