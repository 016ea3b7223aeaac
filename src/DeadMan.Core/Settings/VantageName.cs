namespace DeadMan.Core.Settings;

/// <summary>
/// Where a deadman stands (--vantage, or vantage in deadman.toml): a label on every metric series, a field of every
/// event and alert, and a column heading where one screen shows many. Short, and without spaces or quotes, so it
/// fits all of them (Japanese names are letters too).
/// </summary>
public static class VantageName
{
    public const int MaxLength = 32;

    public const string Rule = "a vantage is 1 to 32 letters, digits, '.', '_' or '-' (e.g. noc, hall-b)";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-');
}
