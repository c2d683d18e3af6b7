#include "io/natural_order.h"

namespace rankscope {
namespace {

// The digit run of `text` starting at `at`, without leading zeros; `at` moves past it.
QStringView digitRun(const QString& text, qsizetype& at) {
    const qsizetype start = at;
    while (at < text.size() && text[at].isDigit())
        ++at;
    qsizetype first = start;
    while (first + 1 < at && text[first] == '0')
        ++first;
    return QStringView(text).mid(first, at - first);
}

} // namespace

bool naturalLess(const QString& a, const QString& b) {
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            const QStringView x = digitRun(a, i), y = digitRun(b, j);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (const int order = x.compare(y); order != 0)
                return order < 0;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return (a.size() - i) < (b.size() - j);
    return a < b; // equal up to leading zeros: keep a strict, total order
}

} // namespace rankscope
