#include "io/tensor_file.h"

#include "io/npz_reader.h"
#include "io/safetensors_reader.h"

#include <QFile>
#include <QFileInfo>

namespace rankscope {
namespace {

bool hasPickleSuffix(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "pt" || suffix == "pth" || suffix == "bin" || suffix == "ckpt" || suffix == "pkl" ||
           suffix == "pickle";
}

// Pickle protocols 2 to 5 start with the PROTO opcode 0x80 and the protocol number; torch.save's
// legacy format is such a pickle.
bool startsLikePickle(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray start = file.read(2);
    return start.size() == 2 && quint8(start[0]) == 0x80 && quint8(start[1]) >= 2 && quint8(start[1]) <= 5;
}

} // namespace

bool isTensorFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "npz" || suffix == "safetensors";
}

Result<std::vector<Tensor>> readTensorFile(const QString& path, const TensorWanted& wanted) {
    using R = Result<std::vector<Tensor>>;
    if (hasPickleSuffix(path) || startsLikePickle(path))
        return R::failure(pickleRefusal(path));
    if (!QFileInfo(path).isFile())
        return R::failure(QString("%1: no such file").arg(path));
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "npz")
        return readNpz(path, wanted);
    if (suffix == "safetensors")
        return readSafetensors(path, wanted);
    return R::failure(
        QString("%1: not a model file RankScope reads (expected .npz or .safetensors)").arg(path));
}

} // namespace rankscope
