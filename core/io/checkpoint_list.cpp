#include "io/checkpoint_list.h"

#include "io/natural_order.h"
#include "io/tensor.h"
#include "io/tensor_file.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>
#include <set>

namespace rankscope {
namespace {

using Listing = Result<CheckpointList>;

// Steps from the names when every name has a distinct one, else 0, 1, 2, ... in natural order.
QList<CheckpointFile> ordered(const QStringList& paths) {
    QList<CheckpointFile> files;
    std::set<qint64> steps;
    for (const QString& path : paths) {
        const std::optional<qint64> step = stepInName(QFileInfo(path).fileName());
        if (!step || !steps.insert(*step).second) {
            files.clear();
            break;
        }
        files.append({*step, path});
    }
    if (!files.isEmpty()) {
        std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.step < b.step; });
        return files;
    }
    QStringList sorted = paths;
    std::sort(sorted.begin(), sorted.end(), naturalLess);
    for (const QString& path : sorted)
        files.append({files.size(), path});
    return files;
}

Listing listFolder(const QString& folder, const QString& runFolder) {
    const QDir dir(folder);
    QStringList paths;
    for (const QString& name : dir.entryList({"*.npz", "*.safetensors"}, QDir::Files))
        paths << dir.filePath(name);
    if (paths.isEmpty()) {
        const QStringList pickles = dir.entryList({"*.pt", "*.pth", "*.bin", "*.ckpt"}, QDir::Files);
        if (!pickles.isEmpty())
            return Listing::failure(pickleRefusal(dir.filePath(pickles.first())));
        if (runFolder.isEmpty())
            return Listing::failure(
                QString("%1: no checkpoints in this folder (*.npz or *.safetensors)").arg(folder));
    }
    return CheckpointList{folder, runFolder, ordered(paths)};
}

} // namespace

std::optional<qint64> stepInName(const QString& fileName) {
    static const QRegularExpression digits("(\\d+)\\D*$");
    const QRegularExpressionMatch match = digits.match(QFileInfo(fileName).completeBaseName());
    bool ok = false;
    const qint64 step = match.captured(1).toLongLong(&ok);
    return match.hasMatch() && ok ? std::optional(step) : std::nullopt;
}

Listing listCheckpoints(const QString& path) {
    const QFileInfo info(path);
    if (info.isFile()) {
        if (!isTensorFile(path)) // a pickle, or a file of another kind: say which
            return Listing::failure(readTensorFile(path, [](auto&&...) { return false; }).error());
        return CheckpointList{info.absolutePath(), {}, {{stepInName(info.fileName()).value_or(0), path}}};
    }
    if (!info.isDir())
        return Listing::failure(QString("%1: no such file or folder").arg(path));
    const QDir dir(path);
    if (dir.exists("weights") || dir.exists("config.json") || dir.exists("metrics.csv"))
        return listFolder(dir.filePath("weights"), path); // a run folder, possibly still empty
    return listFolder(path, {});
}

} // namespace rankscope
