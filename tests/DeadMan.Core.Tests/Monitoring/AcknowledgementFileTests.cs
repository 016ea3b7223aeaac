using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.State;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>Issue 35: the state file that keeps acknowledgements across restarts: read back whole, or refused with where it breaks.</summary>
public sealed class AcknowledgementFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-state-").FullName;

    private string StateFile => Path.Combine(_directory, "deep", AcknowledgementFile.Name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly DateTimeOffset s_at = new(2026, 12, 7, 14, 2, 0, TimeSpan.FromHours(9));

    private static Dictionary<string, Acknowledgement> Some() => new()
    {
        ["ap-1f-a"] = new("noc@laptop", s_at, TargetStatus.Down, null, "replacing the AP"),
        ["会議室 A"] = new("web:lead", s_at, TargetStatus.Degraded, s_at.AddHours(1), null) { AnyState = true },
    };

    [Fact]
    public void Should_read_back_what_was_written_When_a_restart_reads_the_state_file()
    {
        // Given: a directory not there yet
        AcknowledgementFile.Write(StateFile, Some());

        // When
        IReadOnlyDictionary<string, Acknowledgement>? read = AcknowledgementFile.Read(StateFile, out string? problem);

        // Then: the same, names as typed (not \u-escaped), and nothing left beside it; the directory is the owner's alone
        Assert.Null(problem);
        Assert.Equal(Some(), read);
        Assert.Contains("\"host\": \"会議室 A\"", File.ReadAllText(StateFile), StringComparison.Ordinal);
        Assert.Equal([AcknowledgementFile.Name], Directory.GetFiles(Path.GetDirectoryName(StateFile)!).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, new DirectoryInfo(Path.GetDirectoryName(StateFile)!).UnixFileMode);
    }

    [Fact]
    public void Should_have_nothing_to_restore_When_there_is_no_state_file_yet()
    {
        Assert.Empty(AcknowledgementFile.Read(StateFile, out string? problem)!);
        Assert.Null(problem);
    }

    [Fact]
    public void Should_refuse_it_with_the_line_where_it_breaks_When_the_state_file_is_cut_short()
    {
        // Given: a file cut in the middle of its second entry (a disk that filled up, a copy that stopped)
        AcknowledgementFile.Write(StateFile, Some());
        string whole = File.ReadAllText(StateFile);
        File.WriteAllText(StateFile, whole[..whole.IndexOf("web:lead", StringComparison.Ordinal)]);
        int lines = File.ReadAllLines(StateFile).Length;

        // When
        IReadOnlyDictionary<string, Acknowledgement>? read = AcknowledgementFile.Read(StateFile, out string? problem);

        // Then: nothing half read; the file and the line named
        Assert.Null(read);
        Assert.StartsWith($"{StateFile}:{lines}: not a whole acknowledgements file", problem);
    }

    [Fact]
    public void Should_read_a_hand_edited_note_as_a_line_of_text_When_it_carries_an_escape_sequence()
    {
        // Given: a note someone edited in with an escape that would repaint the screen
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        File.WriteAllText(StateFile, """{"acknowledgements": [{"host": "ap", "by": "noc", "at": "2026-12-07T14:02:00+09:00", "for": "down", "note": "x\u001b[2Jy"}]}""");

        // Then: the escape written as text
        Assert.Equal("x\\x1b[2Jy", AcknowledgementFile.Read(StateFile, out _)!["ap"].Note);
    }

    [Fact]
    public void Should_refuse_it_When_an_entry_acknowledges_no_state()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        File.WriteAllText(StateFile, """{"acknowledgements": [{"host": "ap", "by": "noc", "at": "2026-12-07T14:02:00+09:00", "for": "up"}]}""");

        Assert.Null(AcknowledgementFile.Read(StateFile, out string? problem));
        Assert.Contains("\"for\" of down or degraded (ap)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_keep_the_refused_file_aside_and_write_the_new_one_When_acknowledging_after_a_refusal()
    {
        // Given: a damaged file, refused at start
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        File.WriteAllText(StateFile, "{\"acknowledgements\": [");
        var problems = new List<string>();

        // When: an acknowledgement is given
        await using (var keeper = new AcknowledgementKeeper(StateFile, refused: true, problems.Add))
        {
            keeper.Changed(new AcknowledgementChange(null!, Some()["ap-1f-a"], null, s_at, Some()));
        }

        // Then: the damaged one kept as .refused, the new one whole
        Assert.Empty(problems);
        Assert.Equal("{\"acknowledgements\": [", File.ReadAllText(StateFile + ".refused"));
        Assert.Equal(Some(), AcknowledgementFile.Read(StateFile, out _));
    }
}
