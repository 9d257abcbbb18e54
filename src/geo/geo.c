/* geo: haversine distance, unit vectors, chord conversions and bounding boxes (geo.h). */
#include <math.h>

#include "geo/geo.h"

#define DEG (M_PI / 180.0)

bool
geo_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 &&
	    lon <= 180.0;
}

double
geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG, p2 = lat2 * DEG;
	double sp = sin((p2 - p1) / 2.0), sl = sin((lon2 - lon1) * DEG / 2.0);
	double h = sp * sp + cos(p1) * cos(p2) * sl * sl;
	/* rounding can push h a hair above 1 for antipodes */
	if (h > 1.0)
		h = 1.0;
	return 2.0 * GEO_EARTH_RADIUS_KM * asin(sqrt(h));
}

void
geo_unit(double lat, double lon, double v[3])
{
	double p = lat * DEG, l = lon * DEG;
	v[0] = cos(p) * cos(l);
	v[1] = cos(p) * sin(l);
	v[2] = sin(p);
}

double
geo_chord2(const double a[3], const double b[3])
{
	double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
	return dx * dx + dy * dy + dz * dz;
}

double
geo_chord_to_km(double chord)
{
	double h = chord / 2.0;
	if (h > 1.0)
		h = 1.0;
	return 2.0 * GEO_EARTH_RADIUS_KM * asin(h);
}

double
geo_km_to_chord(double km)
{
	if (km <= 0.0)
		return 0.0;
	if (km >= M_PI * GEO_EARTH_RADIUS_KM)
		return 2.0;
	return 2.0 * sin(km / (2.0 * GEO_EARTH_RADIUS_KM));
}

void
geo_box_around(double lat, double lon, double km, struct geo_box *out)
{
	double dlat = km / GEO_EARTH_RADIUS_KM / DEG;
	out->min_lat = lat - dlat;
	out->max_lat = lat + dlat;
	if (out->min_lat <= -90.0 || out->max_lat >= 90.0) {
		/* the circle contains a pole: every longitude */
		out->min_lat = fmax(out->min_lat, -90.0);
		out->max_lat = fmin(out->max_lat, 90.0);
		out->min_lon = -180.0;
		out->max_lon = 180.0;
		return;
	}
	/* the widest longitude span of a small circle (its tangent meridians) */
	double s = sin(km / GEO_EARTH_RADIUS_KM) / cos(lat * DEG);
	if (s >= 1.0) {
		out->min_lon = -180.0;
		out->max_lon = 180.0;
		return;
	}
	double dlon = asin(s) / DEG;
	out->min_lon = lon - dlon;
	out->max_lon = lon + dlon;
	if (out->min_lon < -180.0 || out->max_lon > 180.0) {
		out->min_lon = -180.0;
		out->max_lon = 180.0;
	}
}

bool
geo_box_contains(const struct geo_box *b, double lat, double lon)
{
	return lat >= b->min_lat && lat <= b->max_lat && lon >= b->min_lon && lon <= b->max_lon;
}
