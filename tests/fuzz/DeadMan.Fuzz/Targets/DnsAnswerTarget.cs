using System.Net.Sockets;
using DeadMan.Core.Probing.Dns;

namespace DeadMan.Fuzz;

/// <summary>
/// DNS answers as a server (or anyone who guessed the port) sends them to dns= probes: any bytes are an answer to the
/// question or refused with a reason, never an exception or a hang; what is read holds only printable text, and an
/// A or AAAA record's address is of its family.
/// <code>
/// input: [type] [message …]
///   type: the record type asked for, by its place in A, AAAA, CNAME, MX, TXT, SOA, NS, PTR (the byte modulo 8);
///   the question is for www.example.org
/// </code>
/// </summary>
public static class DnsAnswerTarget
{
    private static readonly DnsQuery[] s_queries =
        [.. ((DnsRecordType[])[DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.CNAME, DnsRecordType.MX, DnsRecordType.TXT, DnsRecordType.SOA, DnsRecordType.NS, DnsRecordType.PTR])
            .Select(type => new DnsQuery("www.example.org", type))];

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 1)
        {
            return;
        }

        DnsQuery query = s_queries[input[0] % s_queries.Length];
        DnsAnswer? answer = DnsAnswer.Read(input[1..], query, out string? problem);
        Oracle.Check((answer is null) == (problem is not null), "an answer and a problem, or neither");
        foreach (DnsRecord record in answer?.Records ?? [])
        {
            Oracle.Check(record.Text.All(c => c is >= ' ' and < (char)0x7F), $"unprintable record text '{record.Text}'");
            Oracle.Check((record.Address is null) == (query.Type is not (DnsRecordType.A or DnsRecordType.AAAA)), "an address where there is none, or none where there is one");
            Oracle.Check(record.Address is null || (record.Address.AddressFamily == AddressFamily.InterNetwork) == (query.Type == DnsRecordType.A), "an address of the wrong family");
        }
    }
}
