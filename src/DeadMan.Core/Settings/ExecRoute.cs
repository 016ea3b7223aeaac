namespace DeadMan.Core.Settings;

/// <summary>A [[alert.exec]]: a program and its arguments (never a shell), killed after <paramref name="Timeout"/>.</summary>
public sealed record ExecRoute(IReadOnlyList<string> Command, TimeSpan Timeout)
{
    /// <summary>Variables of deadman's own environment the command also gets (pass_env); it gets no others but the basics.</summary>
    public IReadOnlyList<string> PassEnvironment { get; init; } = [];
}
