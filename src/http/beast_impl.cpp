// The one translation unit that compiles Asio and Beast (BOOST_*_SEPARATE_COMPILATION), so every
// other file that includes their headers stays quick to build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
