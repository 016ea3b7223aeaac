namespace DeadMan.Fuzz;

/// <summary>The checks a target makes beyond "no exception"; a failed one is reported to libFuzzer as a crash.</summary>
public static class Oracle
{
    public static void Check(bool holds, string claim)
    {
        if (!holds)
        {
            throw new OracleFailedException(claim);
        }
    }
}
