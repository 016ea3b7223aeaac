using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>
/// A real net-snmp agent for a test, on loopback (IPv4 and IPv6) on a free port: foreground, its own config, no
/// SMUX or AgentX, no MIB files (numeric OIDs). Started ready, killed on dispose.
/// </summary>
public sealed class SnmpdAgent : IDisposable
{
    public const string Community = "dmtest";
    private readonly string _directory = Directory.CreateTempSubdirectory("deadman-snmpd-").FullName;
    private readonly Process _process;

    /// <summary>Under this OID the agent serves what <see cref="SetValue"/> wrote, through a net-snmp pass_persist script.</summary>
    public static readonly Oid Values = Oid.Parse("1.3.6.1.4.1.99999.1");

    public SnmpdAgent()
    {
        Port = FreePort();
        string values = Path.Combine(_directory, "values");
        Directory.CreateDirectory(values);
        // pass_persist, not pass: net-snmp keeps a pass script's answer to the same request (measured: one run of the
        // script answered seven requests over seven seconds), so a changed value would not show. Asked "get" and an
        // OID, the script answers the OID, a type and a value, here read from a file named by the OID's last arc, or
        // NONE.
        File.WriteAllText(Path.Combine(_directory, "values.sh"), $$"""
            #!/bin/sh
            while read -r command; do
              case "$command" in
                PING) echo PONG ;;
                get) read -r oid; f="{{values}}/${oid##*.}"
                     if [ "$oid" = ".{{Values}}.${oid##*.}" ] && [ -f "$f" ]; then echo "$oid"; cat "$f"; else echo NONE; fi ;;
                getnext) read -r oid; echo NONE ;;
                set) read -r oid; read -r value; echo not-writable ;;
                *) exit 0 ;;
              esac
            done
            """);
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), $"""
            rocommunity {Community} 127.0.0.1
            rocommunity6 {Community} ::1
            sysName deadman-test-agent
            sysLocation test
            pass_persist .{Values} /bin/sh {Path.Combine(_directory, "values.sh")}
            {string.Join('\n', Users.Select(u => u.Config))}
            """);
        var start = new ProcessStartInfo("snmpd", ["-f", "-Lo", "-C", "-c", Path.Combine(_directory, "snmpd.conf"), "-I", "-smux",
            "-p", Path.Combine(_directory, "snmpd.pid"), $"udp:127.0.0.1:{Port},udp6:[::1]:{Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SNMP_PERSISTENT_DIR"] = _directory;
        start.Environment["MIBS"] = "";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitReady();
    }

    public int Port { get; }

    /// <summary>What the agent answers at <see cref="Values"/>.<paramref name="arc"/>: a pass type (integer, gauge, counter, string …) and its value.</summary>
    public void SetValue(uint arc, string type, string value)
    {
        // Renamed into place: the script never reads half a file.
        string file = Path.Combine(_directory, "values", arc.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(file + ".new", $"{type}\n{value}\n");
        File.Move(file + ".new", file, overwrite: true);
    }

    /// <summary>SNMPv3 users the agent knows, each with its net-snmp createUser and rouser lines.</summary>
    public static IReadOnlyList<V3User> Users { get; } =
    [
        new("dm-sha256", "SHA-256", "auth-pass-sha256", "AES", "priv-pass-sha256", "priv"),
        new("dm-sha1", "SHA", "auth-pass-sha1", "AES", "priv-pass-sha1", "priv"),
        new("dm-sha224", "SHA-224", "auth-pass-sha224", "AES", "priv-pass-sha224", "priv"),
        new("dm-sha384", "SHA-384", "auth-pass-sha384", "AES", "priv-pass-sha384", "priv"),
        new("dm-sha512-auth", "SHA-512", "auth-pass-sha512", null, null, "auth"),
        new("dm-md5-auth", "MD5", "auth-pass-md5", null, null, "auth"),
        new("dm-noauth", null, null, null, null, "noauth"),
    ];

    public SnmpAgent V3(UsmUser user) => SnmpAgent.V3(new IPEndPoint(IPAddress.Loopback, Port), user);

    public SnmpAgent V4 => SnmpAgent.V2c(new IPEndPoint(IPAddress.Loopback, Port), Community);

    public SnmpAgent V6 => SnmpAgent.V2c(new IPEndPoint(IPAddress.IPv6Loopback, Port), Community);

    private void WaitReady()
    {
        using var probe = new UdpClient(AddressFamily.InterNetwork);
        probe.Client.ReceiveTimeout = 100;
        byte[] request = new SnmpMessage(SnmpMessage.Version2c, System.Text.Encoding.ASCII.GetBytes(Community),
            new SnmpPdu(Core.Snmp.Ber.BerTag.GetRequest, 1, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.Null)])).Encode();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.False(_process.HasExited, "snmpd exited while starting");
            probe.Send(request, new IPEndPoint(IPAddress.Loopback, Port));
            try
            {
                IPEndPoint? from = null;
                probe.Receive(ref from);
                return;
            }
            catch (SocketException)
            {
                // not listening yet
            }
        }

        throw new TimeoutException("snmpd did not answer within 10 s");
    }

    /// <summary>A v3 user as net-snmp's snmpd.conf creates it, and as deadman and net-snmp's snmpget are told of it.</summary>
    public sealed record V3User(string Name, string? Auth, string? AuthPassword, string? Priv, string? PrivPassword, string Level)
    {
        public string Config => $"createUser {Name} {Auth} {Quote(AuthPassword)} {Priv} {Quote(PrivPassword)}\nrouser {Name} {Level}";

        public UsmUser ToUser(string? authPassword = null, string? privPassword = null) => new(Name,
            Auth switch
            {
                "MD5" => AuthProtocol.Md5,
                "SHA" => AuthProtocol.Sha1,
                "SHA-224" => AuthProtocol.Sha224,
                "SHA-256" => AuthProtocol.Sha256,
                "SHA-384" => AuthProtocol.Sha384,
                "SHA-512" => AuthProtocol.Sha512,
                _ => AuthProtocol.None
            },
            (authPassword ?? AuthPassword) is { } a ? new Core.Config.Secret(a) : null,
            Priv is null ? PrivProtocol.None : PrivProtocol.Aes128,
            (privPassword ?? PrivPassword) is { } p ? new Core.Config.Secret(p) : null);

        /// <summary>net-snmp's snmpget arguments for this user.</summary>
        public string[] SnmpgetArguments => Level switch
        {
            "noauth" => ["-v3", "-l", "noAuthNoPriv", "-u", Name],
            "auth" => ["-v3", "-l", "authNoPriv", "-u", Name, "-a", Auth!, "-A", AuthPassword!],
            _ => ["-v3", "-l", "authPriv", "-u", Name, "-a", Auth!, "-A", AuthPassword!, "-x", Priv!, "-X", PrivPassword!],
        };

        private static string Quote(string? text) => text is null ? "" : $"\"{text}\"";
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
