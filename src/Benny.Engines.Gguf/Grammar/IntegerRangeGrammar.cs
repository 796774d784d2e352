using System.Globalization;
using System.Numerics;
using System.Text;

namespace Benny.Engines.Gguf.Grammar;

/// <summary>
/// GBNF for the decimal integers of a range, as JSON writes them (no leading zeros, no <c>-0</c>). An open side is
/// capped at <see cref="UnboundedDigits"/> digits (or the bound's own length when that is longer), so a model always
/// ends the number.
/// </summary>
internal static class IntegerRangeGrammar
{
    /// <summary>The most digits an integer without a bound on that side gets.</summary>
    public const int UnboundedDigits = 16;

    /// <summary>The GBNF expression for the integers in [<paramref name="minimum"/>, <paramref name="maximum"/>]; <see langword="null"/> is open.</summary>
    /// <exception cref="ArgumentException">The range is empty.</exception>
    public static string Expression(BigInteger? minimum, BigInteger? maximum)
    {
        BigInteger cap = BigInteger.Pow(10, UnboundedDigits) - 1;
        BigInteger lo = minimum ?? -BigInteger.Max(cap, maximum is { } m0 ? AllNines(BigInteger.Abs(m0)) : 0);
        BigInteger hi = maximum ?? BigInteger.Max(cap, minimum is { } m1 ? AllNines(BigInteger.Abs(m1)) : 0);
        if (lo > hi)
        {
            throw new ArgumentException($"The integer range [{lo}, {hi}] is empty.");
        }

        var alternatives = new List<string>();
        if (lo < 0)
        {
            BigInteger negHi = BigInteger.Min(hi, -1);
            alternatives.Add("\"-\" " + Group(NonNegative(-negHi, -lo)));
        }

        if (hi >= 0)
        {
            alternatives.Add(NonNegative(BigInteger.Max(lo, 0), hi));
        }

        return Group(string.Join(" | ", alternatives));
    }

    private static BigInteger AllNines(BigInteger value) => BigInteger.Pow(10, value.ToString(CultureInfo.InvariantCulture).Length) - 1;

    /// <summary>The integers in [a, b], 0 ≤ a ≤ b, without sign.</summary>
    private static string NonNegative(BigInteger a, BigInteger b)
    {
        var alternatives = new List<string>();
        int first = Digits(a);
        int last = Digits(b);
        for (int length = first; length <= last; length++)
        {
            BigInteger smallest = length == 1 ? 0 : BigInteger.Pow(10, length - 1);
            BigInteger largest = BigInteger.Pow(10, length) - 1;
            string lo = BigInteger.Max(a, smallest).ToString(CultureInfo.InvariantCulture);
            string hi = BigInteger.Min(b, largest).ToString(CultureInfo.InvariantCulture);
            alternatives.Add(SameLength(lo, hi));
        }

        return string.Join(" | ", alternatives);
    }

    private static int Digits(BigInteger value) => value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>The digit strings of one length between <paramref name="lo"/> and <paramref name="hi"/> inclusive.</summary>
    private static string SameLength(string lo, string hi)
    {
        if (lo.Length == 0)
        {
            return "";
        }

        if (lo == hi)
        {
            return GbnfText.Literal(lo);
        }

        if (lo[0] == hi[0])
        {
            return Join(GbnfText.Literal(lo[..1]), Group(SameLength(lo[1..], hi[1..])));
        }

        string rest = lo.Length > 1 ? Any(lo.Length - 1) : "";
        bool loIsRound = lo.AsSpan(1).TrimStart('0').IsEmpty;
        bool hiIsFull = hi.AsSpan(1).TrimStart('9').IsEmpty;
        var alternatives = new List<string>();
        char middleFrom = loIsRound ? lo[0] : (char)(lo[0] + 1);
        char middleTo = hiIsFull ? hi[0] : (char)(hi[0] - 1);
        if (!loIsRound)
        {
            alternatives.Add(Join(GbnfText.Literal(lo[..1]), Group(SameLength(lo[1..], new string('9', lo.Length - 1)))));
        }

        if (middleFrom <= middleTo)
        {
            string digit = middleFrom == middleTo ? GbnfText.Literal(middleFrom.ToString()) : $"[{middleFrom}-{middleTo}]";
            alternatives.Add(Join(digit, rest));
        }

        if (!hiIsFull)
        {
            alternatives.Add(Join(GbnfText.Literal(hi[..1]), Group(SameLength(new string('0', hi.Length - 1), hi[1..]))));
        }

        return string.Join(" | ", alternatives);
    }

    private static string Any(int count) => count == 1 ? "[0-9]" : $"[0-9]{{{count}}}";

    private static string Join(string a, string b) => b.Length == 0 ? a : a + " " + b;

    private static string Group(string expression) => expression.Contains('|', StringComparison.Ordinal) ? "( " + expression + " )" : expression;
}
