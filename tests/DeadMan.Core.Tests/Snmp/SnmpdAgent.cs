using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Snmp;

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

    public SnmpdAgent()
    {
        Port = FreePort();
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), $"""
            rocommunity {Community} 127.0.0.1
            rocommunity6 {Community} ::1
            sysName deadman-test-agent
            sysLocation test
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
