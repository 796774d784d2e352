using System.Text;

namespace Benny.Samples;

/// <summary>Console helpers shared by the samples.</summary>
internal static class ConsoleText
{
    /// <summary>
    /// Makes model output safe to print: control characters (a synthetic model emits arbitrary bytes,
    /// escape sequences included) become a middle dot; line breaks and tabs stay.
    /// </summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(char.IsControl(c) && c is not '\n' and not '\t' ? '·' : c);
        }

        return builder.ToString();
    }

    /// <summary>A one-line progress bar: <c>[#####-----]  50 %</c>.</summary>
    public static string Bar(float fraction, int width = 20)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction,4:P0}";
    }
}
