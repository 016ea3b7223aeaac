using System.Net;

namespace DeadMan.Core.Web;

/// <summary>
/// How many event streams (<c>/api/events</c>, <c>/api/signage/events</c>) may be open, so that nobody can take the
/// server's connections by holding streams open (256 <c>curl -N</c> from one address once locked out the operator's
/// page). Streams nobody signed in for (the signage page's, or every stream of a view without a token) are few per
/// client address and capped in all; those of a signed-in operator have a pool of their own. Both pools together
/// stay well below the connection limit, so a page, a state read or a sign-in always finds a connection.
/// </summary>
internal sealed class StreamGate
{
    /// <summary>Open streams one client address may hold without signing in: a few screens or tabs behind one address.</summary>
    public const int PerAddress = 8;

    /// <summary>Streams nobody signed in for, from every address together.</summary>
    public const int Anonymous = 128;

    /// <summary>Streams of signed-in operators (the token or the login), from anywhere.</summary>
    public const int SignedIn = 64;

    private readonly Dictionary<IPAddress, int> _byAddress = [];
    private int _anonymous;
    private int _signedIn;

    /// <summary>A ticket to stream, to dispose when the stream ends; null when the limits are reached.</summary>
    public IDisposable? TryEnter(IPAddress? client, bool signedIn)
    {
        IPAddress address = (client ?? IPAddress.None).IsIPv4MappedToIPv6 ? client!.MapToIPv4() : client ?? IPAddress.None;
        lock (_byAddress)
        {
            if (signedIn)
            {
                if (_signedIn >= SignedIn)
                {
                    return null;
                }

                _signedIn++;
                return new Ticket(this, null);
            }

            int held = _byAddress.GetValueOrDefault(address);
            if (_anonymous >= Anonymous || held >= PerAddress)
            {
                return null;
            }

            _anonymous++;
            _byAddress[address] = held + 1;
            return new Ticket(this, address);
        }
    }

    private void Leave(IPAddress? address)
    {
        lock (_byAddress)
        {
            if (address is null)
            {
                _signedIn--;
                return;
            }

            _anonymous--;
            if (--_byAddress[address] == 0)
            {
                _byAddress.Remove(address);
            }
        }
    }

    private sealed class Ticket(StreamGate gate, IPAddress? address) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave(address);
            }
        }
    }
}
