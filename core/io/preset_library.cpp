// Built-in presets live in the resource directory ":/presets" (qt_add_resources in
// core/CMakeLists.txt). qt_add_resources links the resource's initializer as an object library
// into every target that links rankscope_core, so no Q_INIT_RESOURCE is needed
// (tests/core/io/test_preset_io.cpp checks this).
// Leaves out: preset parsing (preset_io.cpp).
#include "io/preset_library.h"

#include "io/preset_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace rankscope {
namespace {

const QString kResourceDir = QStringLiteral(":/presets");

QString builtinPath(const QString& name) {
    return kResourceDir + '/' + name + ".json";
}

} // namespace

QStringList builtinPresetNames() {
    QStringList names;
    for (const QString& file : QDir(kResourceDir).entryList({"*.json"}, QDir::Files, QDir::Name))
        names << QFileInfo(file).completeBaseName();
    if (names.removeOne("default"))
        names.prepend("default");
    return names;
}

Result<RunConfig> resolvePreset(const QString& nameOrFile, QStringList* warnings) {
    if (builtinPresetNames().contains(nameOrFile)) {
        QFile file(builtinPath(nameOrFile));
        if (!file.open(QIODevice::ReadOnly))
            return Result<RunConfig>::failure(
                QString("built-in preset \"%1\": %2").arg(nameOrFile, file.errorString()));
        return presetFromJson(file.readAll(), QString("built-in preset \"%1\"").arg(nameOrFile), warnings);
    }
    const bool looksLikeFile = nameOrFile.endsWith(".json", Qt::CaseInsensitive) || nameOrFile.contains('/');
    if (looksLikeFile || QFileInfo(nameOrFile).isFile())
        return loadPresetFile(nameOrFile, warnings);
    return Result<RunConfig>::failure(
        QString("unknown preset \"%1\": not a built-in preset (%2) and no such file")
            .arg(nameOrFile, builtinPresetNames().join(", ")));
}

RunConfig defaultPreset() {
    Result<RunConfig> preset = resolvePreset("default");
    Q_ASSERT_X(preset.ok(), "defaultPreset", qPrintable(preset.error()));
    return preset.ok() ? std::move(preset).value() : RunConfig();
}

} // namespace rankscope
