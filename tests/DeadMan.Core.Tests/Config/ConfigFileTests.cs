using System.Text;
using DeadMan.Core.Config;

namespace DeadMan.Core.Tests.Config;

/// <summary>Issue 11: whatever the config path holds, loading it answers with a diagnostic, never an exception.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deadman-file-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string Write(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Only(ConfigResult result) => Assert.Single(result.Diagnostics).ToString();

    [Fact]
    public void Should_say_it_is_a_directory_When_the_path_is_one()
    {
        Assert.Equal($"{_directory}: cannot read config file: is a directory, not a regular file", Only(ConfigFile.Load(_directory)));
    }

    [Fact]
    public async Task Should_refuse_without_waiting_for_a_writer_When_the_path_is_a_fifo()
    {
        // Given: opening a FIFO for reading would block until someone writes
        string path = PathOf("fifo.conf");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
        }

        // When
        ConfigResult result = await Task.Run(() => ConfigFile.Load(path)).WaitAsync(TimeSpan.FromSeconds(10));

        // Then
        Assert.Equal($"{path}: cannot read config file: is a FIFO (named pipe), not a regular file", Only(result));
    }

    [Fact]
    public void Should_say_no_such_file_When_it_vanished()
    {
        string path = PathOf("gone.conf");
        Assert.Equal($"{path}: cannot read config file: No such file or directory", Only(ConfigFile.Load(path)));
    }

    [Fact]
    public void Should_point_at_the_byte_When_the_text_is_not_utf8()
    {
        // Given: Latin-1 "café" on line 2, after two characters of Japanese on line 1 (columns count characters)
        byte[] bytes = [.. Encoding.UTF8.GetBytes("東京 192.0.2.1\nb "), .. "caf"u8, 0xE9, .. " 192.0.2.2\n"u8];

        // Then
        Assert.Equal($"{PathOf("latin1.conf")}:2:6: invalid UTF-8 (byte 0xE9): save the file as UTF-8", Only(ConfigFile.Load(Write("latin1.conf", bytes))));
    }

    [Fact]
    public void Should_name_the_nul_When_the_file_is_binary_or_utf16()
    {
        // Given: "a 192.0.2.1" saved as UTF-16LE
        string path = Write("utf16.conf", Encoding.Unicode.GetBytes("a 192.0.2.1\n"));

        // Then: line 1 at its first NUL, and line 2 (the NUL after the last line feed)
        Assert.Equal($"{path}:1:2: NUL character: is this a binary file, or saved as UTF-16? Save it as UTF-8 text", ConfigFile.Load(path).Diagnostics[0].ToString());
    }

    [Fact]
    public void Should_refuse_before_reading_When_the_file_is_100_MB()
    {
        // Given: a sparse file, so the test writes nothing
        string path = PathOf("huge.conf");
        using (var file = File.Create(path))
        {
            file.SetLength(100L * 1024 * 1024);
        }

        // Then
        Assert.Equal($"{path}: cannot read config file: is larger than 16 MiB, the most deadman reads", Only(ConfigFile.Load(path)));
    }

    [Fact]
    public void Should_keep_the_other_lines_When_one_line_is_1_MB()
    {
        // Given
        string path = Write("long.conf", Encoding.UTF8.GetBytes($"good 192.0.2.1\n{new string('a', 1 << 20)} 192.0.2.2\n"));

        // When
        ConfigResult result = ConfigFile.Load(path);

        // Then
        Assert.Equal(["good"], result.Targets.Select(t => t.Name));
        Assert.Equal($"{path}:2:4097: line is 1,048,586 characters long; a line may have at most 4,096", Only(result));
    }

    [Fact]
    public void Should_read_it_When_utf8_with_a_byte_order_mark()
    {
        string path = Write("bom.conf", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("東京 192.0.2.1\n")]);
        Assert.Equal(["東京"], ConfigFile.Load(path).Targets.Select(t => t.Name));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
