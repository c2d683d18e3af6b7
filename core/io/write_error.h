// writeErrorText(): why writing a file failed, for messages that already name the file. After a
// failed write or flush Qt reports a full disk (ENOSPC) or an exceeded file-size limit (EFBIG) as
// "Unknown error"; the C library's text for the errno the failed call left is what a user needs
// ("No space left on device"). Call it right after the failing call, before anything else can
// change errno, having cleared errno before that call.
#pragma once

#include <QFileDevice>
#include <QString>
#include <cerrno>
#include <cstring>

namespace rankscope {

inline QString writeErrorText(const QFileDevice& file) {
    return errno != 0 ? QString::fromLocal8Bit(std::strerror(errno)) : file.errorString();
}

} // namespace rankscope
