namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// The deadman the tests run: the build beside them, or the binary DEADMAN_BINARY names (.ci/run points it at the
/// native release build, so the same tests try what is shipped).
/// </summary>
public static class DeadmanBinary
{
    public static string Path { get; } =
        Environment.GetEnvironmentVariable("DEADMAN_BINARY") is { Length: > 0 } given ? System.IO.Path.GetFullPath(given) : System.IO.Path.Combine(AppContext.BaseDirectory, "deadman");
}
