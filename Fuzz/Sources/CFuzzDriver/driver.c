// The declaration in include/CFuzzDriver.h is the whole module; SwiftPM needs one source.
#include "CFuzzDriver.h"
