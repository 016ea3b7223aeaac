namespace DeadMan.Core.Settings;

/// <summary>One top-level key of deadman.toml: a default for a command-line option.</summary>
/// <param name="Name">Its key ("traffic_interval").</param>
/// <param name="Kind">What it holds: how it is checked, read and written.</param>
/// <param name="Help">The option it stands for and what it does, as "did you mean" says it.</param>
/// <param name="Default">What deadman does without it, as the file would write it (null: nothing).</param>
/// <param name="Get">Its value in a set of defaults, null when the file leaves it to the command line.</param>
/// <param name="With">A set of defaults with it set to a value read from the file.</param>
internal sealed record OptionKey(string Name, SettingKind Kind, string Help, string? Default,
                                 Func<OptionDefaults, object?> Get, Func<OptionDefaults, object, OptionDefaults> With);
