// The settings whose value is one of a few names (model.kind: "mlp" or "cnn", loss, metrics.rank_norm;
// data.kind in data_kinds.h): RunConfig holds them as enums, read once from their names where presets and
// --set are read (common/config_fields.h) and written back as the same names. Each enum has one table of its
// names; the templates below work on any of them.
// Leaves out: what a choice means (nn/loss.h, measures/spectrum.h, data/).
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <span>

namespace rankscope {

template <typename Enum> struct NamedChoice {
    Enum value;
    const char* name; // as written in presets and --set
};

// A table of names and how an unknown name is refused (after `key = "name": `, config_fields.h).
template <typename Row> struct ChoiceTable {
    std::span<const Row> rows; // the first row is the default
    const char* refusal;       // %1: the known names, e.g. "unknown loss (expected %1)"
};

enum class ModelKind { Mlp, Cnn };
enum class LossKind { CrossEntropy, Mse };
// What rank_eps divides s_i by: s_1 (the paper's definition) or ||W||_F (the paper's code).
enum class RankNorm { Spectral, Frobenius };

ChoiceTable<NamedChoice<ModelKind>> choiceTable(ModelKind);
ChoiceTable<NamedChoice<LossKind>> choiceTable(LossKind);
ChoiceTable<NamedChoice<RankNorm>> choiceTable(RankNorm);

template <typename Enum> const char* choiceName(Enum value) {
    for (const auto& row : choiceTable(value).rows)
        if (row.value == value)
            return row.name;
    return "";
}

template <typename Enum> std::optional<Enum> choiceFromName(const QString& name) {
    for (const auto& row : choiceTable(Enum{}).rows)
        if (name == QLatin1String(row.name))
            return row.value;
    return std::nullopt;
}

// Reads `name` into `out`; an empty message on success, else the refusal naming the known names.
template <typename Enum> QString assignChoice(const QString& name, Enum& out) {
    if (const std::optional<Enum> value = choiceFromName<Enum>(name)) {
        out = *value;
        return {};
    }
    QStringList names;
    for (const auto& row : choiceTable(Enum{}).rows)
        names << row.name;
    const QString expected = names.size() == 1   ? names.front()
                             : names.size() == 2 ? names.join(" or ")
                                                 : "one of " + names.join(", ");
    return QString(choiceTable(Enum{}).refusal).arg(expected);
}

} // namespace rankscope
