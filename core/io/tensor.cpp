#include "io/tensor.h"

#include <QStringList>
#include <QtEndian>
#include <bit>
#include <qfloat16.h>

namespace rankscope {

int byteSize(FloatType type) {
    switch (type) {
    case FloatType::Float16:
    case FloatType::BFloat16:
        return 2;
    case FloatType::Float32:
        return 4;
    case FloatType::Float64:
        return 8;
    }
    return 0;
}

std::optional<qint64> elementCount(const std::vector<qint64>& shape, qint64 limit) {
    qint64 count = 1;
    for (qint64 dim : shape) {
        if (dim < 0 || (dim > 0 && count > limit / dim))
            return std::nullopt;
        count *= dim;
    }
    if (count > limit)
        return std::nullopt;
    return count;
}

std::vector<float> decodeFloats(FloatType type, const char* bytes, qint64 count) {
    std::vector<float> values(static_cast<std::size_t>(count));
    for (qint64 i = 0; i < count; ++i) {
        const char* at = bytes + i * byteSize(type);
        switch (type) {
        case FloatType::Float16:
            values[i] = float(std::bit_cast<qfloat16>(qFromLittleEndian<quint16>(at)));
            break;
        case FloatType::BFloat16: // the upper half of a float32
            values[i] = std::bit_cast<float>(quint32(qFromLittleEndian<quint16>(at)) << 16);
            break;
        case FloatType::Float32:
            values[i] = std::bit_cast<float>(qFromLittleEndian<quint32>(at));
            break;
        case FloatType::Float64:
            values[i] = float(std::bit_cast<double>(qFromLittleEndian<quint64>(at)));
            break;
        }
    }
    return values;
}

QString shapeText(const std::vector<qint64>& shape) {
    QStringList dims;
    for (qint64 dim : shape)
        dims << QString::number(dim);
    return '[' + dims.join(", ") + ']';
}

QString pickleRefusal(const QString& source) {
    return QString("%1: a PyTorch pickle, not read: loading a pickle runs arbitrary code. Convert it in "
                   "Python to\n"
                   "  safetensors: from safetensors.torch import save_file; "
                   "save_file(model.state_dict(), \"model.safetensors\")\n"
                   "  or npz:      numpy.savez(\"model.npz\", **{k: v.detach().cpu().numpy() for k, v in "
                   "model.state_dict().items()})")
        .arg(source);
}

} // namespace rankscope
