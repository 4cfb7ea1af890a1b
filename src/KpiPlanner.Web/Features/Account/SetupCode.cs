using System.Security.Cryptography;
using System.Text;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// The one-time setup code of the first run (issue 13): whoever reaches <c>/setup</c> first must also be able to read
/// the server's log, where the code is printed at start. Twelve characters from a 32-letter alphabet without look-alikes
/// (60 bits), shown as <c>XXXX-XXXX-XXXX</c>. Only its SHA-256 is kept, in memory: a restart issues a new code (and
/// prints it), and so does each instance of the app — a first run is finished on the instance whose log was read. The
/// typed code is compared in constant time; letter case, spaces and dashes do not matter. Once the owner's account
/// exists the code is revoked.
/// </summary>
public sealed class SetupCode
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 12;

    private readonly Lock gate = new();
    private byte[]? hash;

    /// <summary>True while a code is waiting to be typed.</summary>
    public bool IsIssued
    {
        get
        {
            lock (gate)
            {
                return hash is not null;
            }
        }
    }

    /// <summary>A new code (the previous one no longer works); only its hash is kept.</summary>
    public string Issue()
    {
        var code = new string(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
        lock (gate)
        {
            hash = Hash(code);
        }

        return $"{code[..4]}-{code[4..8]}-{code[8..]}";
    }

    /// <summary>True when the typed code is the issued one (compared in constant time).</summary>
    public bool Matches(string? typed)
    {
        byte[]? expected;
        lock (gate)
        {
            expected = hash;
        }

        var actual = Hash(Normalize(typed));
        return CryptographicOperations.FixedTimeEquals(actual, expected ?? new byte[actual.Length]) && expected is not null;
    }

    /// <summary>The first run is over: no code works any more.</summary>
    public void Revoke()
    {
        lock (gate)
        {
            hash = null;
        }
    }

    private static string Normalize(string? typed) =>
        new((typed ?? string.Empty).Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).Take(64).ToArray());

    private static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(code));
}
