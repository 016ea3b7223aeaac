using DeadMan.Fuzz;

namespace DeadMan.Core.Tests.Fuzz;

/// <summary>
/// Issue 11: every committed fuzz input — seeds, and each input that ever crashed a target — replayed through its
/// target, oracle included, on every test run. scripts/fuzz searches for new ones; this keeps the old ones fixed.
/// </summary>
public class FuzzCorpusTests
{
    private static readonly string s_corpus = Path.Combine(Golden.RepositoryRoot, "tests", "fuzz", "corpus");

    public static TheoryData<string, string> Inputs()
    {
        var inputs = new TheoryData<string, string>();
        foreach (string folder in Directory.GetDirectories(s_corpus).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                inputs.Add(Path.GetFileName(folder), Path.GetFileName(file));
            }
        }

        return inputs;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Should_hold_every_oracle_When_replaying_a_committed_input(string target, string input)
    {
        FuzzTargets.All[target](File.ReadAllBytes(Path.Combine(s_corpus, target, input)));
    }

    [Fact]
    public void Should_have_seeds_for_every_target_and_a_target_for_every_seed_folder()
    {
        string[] folders = [.. Directory.GetDirectories(s_corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(FuzzTargets.All.Keys.Order(StringComparer.Ordinal), folders);
        Assert.All(folders, f => Assert.NotEmpty(Directory.GetFiles(Path.Combine(s_corpus, f))));
    }
}
