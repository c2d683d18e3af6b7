// The libzip handles the npz reader and writer share: an archive that is discarded (never written)
// unless the owner closes it explicitly, and libzip's message for an error code.
#pragma once

#include <QString>
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

} // namespace rankscope
