using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>Python's <c>datetime.strftime</c> in the C locale (what <c>strftime_now</c> calls), for the common directives.</summary>
internal static class Strftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(DateTimeOffset t, string format)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }

            var d = format[++i];
            var noPad = false;
            if (d == '-' && i + 1 < format.Length)
            {
                noPad = true;
                d = format[++i];
            }

            string Num(int value, int width) => noPad ? value.ToString(CultureInfo.InvariantCulture) : value.ToString(new string('0', width), CultureInfo.InvariantCulture);

            var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
            sb.Append(d switch
            {
                'a' => Days[(int)t.DayOfWeek][..3],
                'A' => Days[(int)t.DayOfWeek],
                'b' or 'h' => Months[t.Month - 1][..3],
                'B' => Months[t.Month - 1],
                'd' => Num(t.Day, 2),
                'e' => noPad ? Num(t.Day, 1) : t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'm' => Num(t.Month, 2),
                'y' => Num(t.Year % 100, 2),
                'Y' => t.Year.ToString(CultureInfo.InvariantCulture),
                'H' => Num(t.Hour, 2),
                'I' => Num(hour12, 2),
                'M' => Num(t.Minute, 2),
                'S' => Num(t.Second, 2),
                'f' => ((t.Ticks % TimeSpan.TicksPerSecond) / 10).ToString("000000", CultureInfo.InvariantCulture),
                'p' => t.Hour < 12 ? "AM" : "PM",
                'j' => Num(t.DayOfYear, 3),
                'w' => ((int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'D' => Format(t, "%m/%d/%y"),
                'F' => Format(t, "%Y-%m-%d"),
                'T' => Format(t, "%H:%M:%S"),
                'R' => Format(t, "%H:%M"),
                'c' => Format(t, "%a %b %e %H:%M:%S %Y"),
                'x' => Format(t, "%m/%d/%y"),
                'X' => Format(t, "%H:%M:%S"),
                'z' => (t.Offset < TimeSpan.Zero ? "-" : "+") + t.Offset.ToString("hhmm", CultureInfo.InvariantCulture),
                'n' => "\n",
                't' => "\t",
                '%' => "%",
                _ => "%" + (noPad ? "-" : string.Empty) + d,
            });
        }

        return sb.ToString();
    }
}
