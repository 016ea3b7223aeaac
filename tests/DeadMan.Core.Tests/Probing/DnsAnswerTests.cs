using System.Net;
using DeadMan.Core.Probing.Dns;

namespace DeadMan.Core.Tests.Probing;

/// <summary>Our DNS codec: questions as resolvers read them, answers read back whole or refused, never half read.</summary>
public class DnsAnswerTests
{
    // An answer to the question, flags 0x8180 (a response, recursion desired and available) unless given, with
    // the question repeated and these answer records after it.
    private static byte[] Answer(DnsQuery query, ushort id, byte[][] records, byte flags3 = 0x80, byte flags2 = 0x81)
    {
        byte[] question = query.With(id)[12..];
        var message = new List<byte> { (byte)(id >> 8), (byte)id, flags2, flags3, 0, 1, 0, (byte)records.Length, 0, 0, 0, 0 };
        message.AddRange(question);
        foreach (byte[] record in records)
        {
            message.AddRange(record);
        }

        return [.. message];
    }

    // A record whose owner is the question's name (a pointer to offset 12), of the type, with this data.
    private static byte[] Record(DnsRecordType type, byte[] data) =>
        [0xC0, 12, (byte)((ushort)type >> 8), (byte)type, 0, 1, 0, 0, 0x0E, 0x10, (byte)(data.Length >> 8), (byte)data.Length, .. data];

    [Fact]
    public void Should_write_the_question_as_resolvers_read_it_When_asking()
    {
        // When
        byte[] message = new DnsQuery("www.example.org", DnsRecordType.AAAA).With(0xBEEF);

        // Then: the ID, recursion desired, one question: 3www7example3org0, AAAA, IN
        Assert.Equal(
            [0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'w', (byte)'w', (byte)'w', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e',
             3, (byte)'o', (byte)'r', (byte)'g', 0, 0, 28, 0, 1],
            message);
    }

    [Theory]
    [InlineData("192.0.2.80", "80.2.0.192.in-addr.arpa")]
    [InlineData("2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void Should_ask_the_reverse_name_When_the_question_is_an_address(string address, string name)
    {
        Assert.Equal(name, DnsQuery.ReverseName(IPAddress.Parse(address)));
    }

    [Fact]
    public void Should_read_every_kind_of_record_When_names_are_compressed()
    {
        // Given: an MX answer whose exchange ends in a pointer to the question's "example.org"
        var query = new DnsQuery("example.org", DnsRecordType.MX);
        byte[] mx = Answer(query, 7, [Record(DnsRecordType.MX, [0, 10, 3, (byte)'m', (byte)'x', (byte)'1', 0xC0, 12])]);
        var txt = new DnsQuery("txt.example.org", DnsRecordType.TXT);
        byte[] words = Answer(txt, 8, [Record(DnsRecordType.TXT, [5, .. "v=hel"u8, 2, .. "lo"u8])]);
        var a = new DnsQuery("www.example.org", DnsRecordType.A);
        byte[] address = Answer(a, 9, [Record(DnsRecordType.CNAME, [0xC0, 12]), Record(DnsRecordType.A, [198, 51, 100, 7])]);

        // When
        DnsAnswer? readMx = DnsAnswer.Read(mx, query, out _);
        DnsAnswer? readTxt = DnsAnswer.Read(words, txt, out _);
        DnsAnswer? readA = DnsAnswer.Read(address, a, out _);

        // Then: only records of the type asked for; an A record carries its address
        Assert.Equal("10 mx1.example.org", Assert.Single(readMx!.Records).Text);
        Assert.Equal("v=hello", Assert.Single(readTxt!.Records).Text);
        DnsRecord record = Assert.Single(readA!.Records);
        Assert.Equal(("198.51.100.7", IPAddress.Parse("198.51.100.7")), (record.Text, record.Address));
        Assert.Equal((9, false, 0), (readA.Id, readA.Truncated, readA.Rcode));
    }

    [Fact]
    public void Should_give_the_rcode_and_truncation_When_the_server_says_so()
    {
        var query = new DnsQuery("nothing.example.org", DnsRecordType.A);
        Assert.Equal(3, DnsAnswer.Read(Answer(query, 1, [], flags3: 0x83), query, out _)!.Rcode);
        Assert.True(DnsAnswer.Read(Answer(query, 1, [], flags2: 0x83), query, out _)!.Truncated);
    }

    [Fact]
    public void Should_refuse_When_the_answer_is_to_another_question_or_malformed()
    {
        // Given
        var query = new DnsQuery("www.example.org", DnsRecordType.A);
        byte[] other = Answer(new DnsQuery("www.example.net", DnsRecordType.A), 1, []);
        // The record at 33 names itself: a pointer to its own place.
        byte[] loop = Answer(query, 1, [[0xC0, 33, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1]]);
        byte[] shortA = Answer(query, 1, [Record(DnsRecordType.A, [192, 0, 2])]);
        byte[] pastEnd = Answer(query, 1, [Record(DnsRecordType.A, [192, 0, 2, 1])])[..^2];

        // Then: each refused, saying why
        Assert.Null(DnsAnswer.Read(other, query, out string? why));
        Assert.StartsWith("an answer to another question", why, StringComparison.Ordinal);
        Assert.Null(DnsAnswer.Read(loop, query, out why));
        Assert.Equal("answer record 1 is cut short", why);
        Assert.Null(DnsAnswer.Read(shortA, query, out why));
        Assert.Equal("answer record 1 (A) is malformed", why);
        Assert.Null(DnsAnswer.Read(pastEnd, query, out why));
        Assert.Equal("answer record 1 runs past the message", why);
        Assert.Null(DnsAnswer.Read(query.With(1), query, out why));
        Assert.Equal("a question, not an answer", why);
    }

    [Fact]
    public void Should_stop_When_compression_pointers_go_round_in_a_circle()
    {
        // Given: at 12 a pointer to 14, at 14 a pointer back to 12
        byte[] message = [0, 1, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0, 14, 0xC0, 12];
        int at = 12;

        // Then: refused rather than followed forever
        Assert.Null(DnsAnswer.ReadName(message, ref at));
    }

    [Fact]
    public void Should_show_control_characters_as_question_marks_When_a_record_holds_them()
    {
        var query = new DnsQuery("txt.example.org", DnsRecordType.TXT);
        byte[] message = Answer(query, 2, [Record(DnsRecordType.TXT, [4, 0x1B, (byte)'[', (byte)'2', (byte)'J'])]);
        Assert.Equal("?[2J", Assert.Single(DnsAnswer.Read(message, query, out _)!.Records).Text);
    }
}
