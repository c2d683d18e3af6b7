// Reads the arrays of an .npz file: what numpy.savez and numpy.savez_compressed write, a ZIP archive
// (PKWARE APPNOTE.TXT) of "<name>.npy" members, stored or deflated, each one a .npy array
// (NEP 1, npy_header.h). The ZIP container is read with libzip; the arrays keep the archive's order.
// Every error is one line naming the file and, where one is at fault, the member. A zip that holds
// data.pkl is a PyTorch checkpoint and is refused unread (tensor.h pickleRefusal).
// Leaves out: object arrays and Fortran-ordered arrays (refused), and integer arrays the caller wants
// (refused with the dtype; unwanted ones are skipped after their header).
#pragma once

#include "common/result.h"
#include "io/tensor.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace rankscope {

Result<std::vector<Tensor>> readNpz(const QString& path, const TensorWanted& wanted);

// The same from bytes in memory; `source` names them in messages (tests and the fuzz target).
Result<std::vector<Tensor>> parseNpz(const QByteArray& bytes, const QString& source,
                                     const TensorWanted& wanted);

} // namespace rankscope
