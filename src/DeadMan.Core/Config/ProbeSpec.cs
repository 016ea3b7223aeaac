namespace DeadMan.Core.Config;

/// <summary>A probe kind with its typed options, as the file asked for it.</summary>
public abstract record ProbeSpec
{
    public abstract ProbeKind Kind { get; }

    /// <summary>The options as name/value pairs for display; credentials come out masked.</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> DisplayOptions();

    /// <summary>Stable text that changes whenever the options change what is probed.</summary>
    public string Identity => ProbeKindNames.Of(Kind) + ":" + string.Join(",", IdentityParts());

    protected virtual IEnumerable<string?> IdentityParts() => DisplayOptions().Select(o => o.Key + "=" + o.Value);

    protected static IEnumerable<KeyValuePair<string, string>> Present(params (string Key, object? Value)[] options) =>
        options.Where(o => o.Value is not null)
               .Select(o => KeyValuePair.Create(o.Key, Convert.ToString(o.Value, System.Globalization.CultureInfo.InvariantCulture)!));
}
