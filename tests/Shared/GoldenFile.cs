namespace DeadMan.Tests.Common;

/// <summary>
/// The one way the test projects compare output with a checked-in expected file (compiled into each of them).
/// <c>UPDATE_GOLDENS=1</c> rewrites the expected file; on a mismatch the actual output is written beside it as
/// <c>*.actual</c>, for a diff.
/// </summary>
public static class GoldenFile
{
    public static void Assert(string expectedPath, string actual)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        string expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : "";
        if (expected != actual)
        {
            File.WriteAllText(expectedPath + ".actual", actual);
        }

        Xunit.Assert.Equal(expected, actual);
    }
}
