// The libzip handles the npz reader and writer share: an archive that is discarded (never written)
// unless the owner closes it explicitly, and libzip's messages for an error code and for an
// archive's last error.
#pragma once

#include <QString>
#include <cstring>
#include <memory>
#include <zip.h>

namespace rankscope {

struct ZipDiscarder {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipDiscarder>;

inline QString zipErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const QString text = QString::fromUtf8(zip_error_strerror(&error));
    zip_error_fini(&error);
    return text;
}

// Why the last operation on `archive` failed. A failed system call is told as the system tells it
// ("File too large", "No space left on device"), without libzip's prefix ("Seek error: ..."), as
// every other write error of RankScope is.
inline QString zipArchiveErrorText(zip_t* archive) {
    zip_error_t* error = zip_get_error(archive);
    if (zip_error_system_type(error) == ZIP_ET_SYS && zip_error_code_system(error) != 0)
        return QString::fromLocal8Bit(std::strerror(zip_error_code_system(error)));
    return QString::fromUtf8(zip_error_strerror(error));
}

} // namespace rankscope
