namespace DeadMan.Core.Settings;

/// <summary>One key of deadman.toml, described once.</summary>
/// <param name="Path">Where it is: "health.match[].loss_warn" ("[]" marks an array of tables, "*" a name the operator chooses).</param>
/// <param name="Kind">What it holds, and so how its value is checked.</param>
/// <param name="Help">What it is for, in a few words, as "did you mean" says it.</param>
/// <param name="Default">
/// What deadman does without it, as deadman.toml would write it ("\"1s\"", "true", "10"); null when leaving it out
/// means none (no metrics endpoint, no token). A test holds the sample and the program to these.
/// </param>
internal sealed record SettingKey(string Path, SettingKind Kind, string Help, string? Default = null);
